package io.northstar.sextant.squashfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a squashfs 4.0 image of a {@link Node} tree: data blocks with
 * tail ends packed into fragments, then the inode, directory, fragment, id
 * and xattr tables (the layout of mksquashfs, which the kernel's sanity
 * checks expect), padded to 4 KiB.
 *
 * <p>Files with the same content share their data blocks and fragment (as
 * mksquashfs does by default): a file whose size another file shares is hashed
 * before it is written.
 *
 * <p>The image depends only on the tree and the options: entries are taken in
 * name order, inodes are numbered in the order they are written (children
 * before their directory, the root last), ids and xattr sets in order of
 * first use, and compression threads never change the order of blocks.
 */
public final class SquashfsWriter {
    /**
     * @param blockSize data block size, a power of two from 4 KiB to 1 MiB
     * @param mkfsTime  the superblock's creation time, seconds since the epoch
     * @param threads   compression threads
     */
    public record Options(Compressor compressor, int blockSize, long mkfsTime, int threads) {
        public static final int DEFAULT_BLOCK_SIZE = 128 * 1024;

        public Options {
            if (blockSize < 4096 || blockSize > 1 << 20 || Integer.bitCount(blockSize) != 1) {
                throw new IllegalArgumentException("block size " + blockSize + " is not a power of two from 4096 to 1048576");
            }
            if (mkfsTime < 0 || mkfsTime > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("time " + mkfsTime + " does not fit the unsigned 32-bit squashfs time");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
        }
    }

    /** What the image holds, for callers that report it. */
    public record Summary(long bytesUsed, int inodes, int fragments) {
    }

    private static final int INVALID_FRAGMENT = -1;
    private static final int NO_XATTR = -1;
    private static final int DIR_ENTRIES_PER_HEADER = 256;

    private final Options options;
    private final Compressor compressor;
    private final IdentityHashMap<Node, Integer> numbers = new IdentityHashMap<>();
    private final IdentityHashMap<Node, Integer> links = new IdentityHashMap<>();
    private final IdentityHashMap<Node, FileData> data = new IdentityHashMap<>();
    private final IdentityHashMap<Node, Long> inodeRefs = new IdentityHashMap<>();
    private final Map<Integer, Integer> idIndex = new HashMap<>();
    private final List<Integer> ids = new ArrayList<>();
    private final Map<String, Integer> xattrIndex = new HashMap<>();
    private final List<Map.Entry<Long, SortedXattrs>> xattrIds = new ArrayList<>();
    private final List<long[]> fragments = new ArrayList<>();
    /** The data of each distinct content written so far, by size and SHA-256. */
    private final Map<String, FileData> byContent = new HashMap<>();
    /** How many distinct files have each size: a file of a size no other has is written without hashing. */
    private final Map<Long, Integer> filesOfSize = new HashMap<>();
    private MetadataWriter inodes;
    private MetadataWriter directories;
    private MetadataWriter xattrs;
    private byte[] fragment;
    private int fragmentUsed;

    private SquashfsWriter(Options options) {
        this.options = options;
        this.compressor = options.compressor();
    }

    /** Writes {@code root} to a new file {@code image} (replacing it). */
    public static Summary write(Node.Directory root, Path image, Options options) throws IOException {
        try (FileChannel out = FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            return new SquashfsWriter(options).write(root, out);
        }
    }

    /** Where a regular file's data went. */
    private static final class FileData {
        long start;
        int[] blocks;
        int fragment = INVALID_FRAGMENT;
        int fragmentOffset;
        long sparse;
    }

    private record SortedXattrs(Map<String, byte[]> entries, int size) {
    }

    private Summary write(Node.Directory root, FileChannel out) throws IOException {
        number(root, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        numbers.put(root, numbers.size() + 1);
        fragment = new byte[options.blockSize()];
        int threads = options.threads();
        long dataEnd;
        try (DataWriter dataWriter = new DataWriter(out, Superblock.SIZE, compressor, options.blockSize(), threads)) {
            countSizes(root, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
            writeData(root, dataWriter);
            flushFragment(dataWriter);
            dataEnd = dataWriter.position();
        }
        inodes = new MetadataWriter(compressor);
        directories = new MetadataWriter(compressor);
        xattrs = new MetadataWriter(compressor);
        long rootRef = writeDirectory(root, numbers.size() + 1);

        long position = dataEnd;
        long inodeTableStart = position;
        position = put(out, position, inodes.finish());
        long directoryTableStart = position;
        position = put(out, position, directories.finish());

        MetadataWriter fragmentTable = new MetadataWriter(compressor);
        for (long[] f : fragments) {
            ByteBuffer e = MetadataWriter.record(16);
            e.putLong(f[0]).putInt((int) f[1]).putInt(0);
            fragmentTable.write(e);
        }
        long[] fragmentIndexTable = new long[0];
        long fragmentTableStart;
        if (!fragments.isEmpty()) {
            TableBlocks t = table(out, position, fragmentTable, fragments.size() * 16);
            position = t.end;
            fragmentIndexTable = t.index;
        }
        fragmentTableStart = position;
        position = putIndex(out, position, fragmentIndexTable);

        MetadataWriter idTable = new MetadataWriter(compressor);
        for (int id : ids) {
            ByteBuffer e = MetadataWriter.record(4);
            e.putInt(id);
            idTable.write(e);
        }
        TableBlocks idBlocks = table(out, position, idTable, ids.size() * 4);
        position = idBlocks.end;
        long idTableStart = position;
        position = putIndex(out, position, idBlocks.index);

        long xattrIdTableStart = Superblock.ABSENT;
        if (!xattrIds.isEmpty()) {
            long kvStart = position;
            position = put(out, position, xattrs.finish());
            MetadataWriter idsTable = new MetadataWriter(compressor);
            for (Map.Entry<Long, SortedXattrs> x : xattrIds) {
                ByteBuffer e = MetadataWriter.record(16);
                e.putLong(x.getKey()).putInt(x.getValue().entries().size()).putInt(x.getValue().size());
                idsTable.write(e);
            }
            TableBlocks xBlocks = table(out, position, idsTable, xattrIds.size() * 16);
            position = xBlocks.end;
            xattrIdTableStart = position;
            ByteBuffer header = MetadataWriter.record(16);
            header.putLong(kvStart).putInt(xattrIds.size()).putInt(0);
            position = put(out, position, Arrays.copyOf(header.array(), 16));
            position = putIndex(out, position, xBlocks.index);
        }
        long bytesUsed = position;
        long padded = (bytesUsed + 4095) & ~4095L;
        if (padded > bytesUsed) {
            put(out, bytesUsed, new byte[(int) (padded - bytesUsed)]);
        }

        int flags = compressor.flags() | Superblock.ALWAYS_FRAG | (xattrIds.isEmpty() ? Superblock.NO_XATTR : 0);
        Superblock sb = new Superblock(numbers.size(), options.mkfsTime(), options.blockSize(), fragments.size(), compressor.id(),
                flags, ids.size(), rootRef, bytesUsed, idTableStart, xattrIdTableStart, inodeTableStart, directoryTableStart,
                fragmentTableStart, Superblock.ABSENT);
        ByteBuffer sbBytes = sb.encode();
        while (sbBytes.hasRemaining()) {
            out.write(sbBytes, sbBytes.position());
        }
        return new Summary(bytesUsed, numbers.size(), fragments.size());
    }

    // ---- pass 1: numbering, link counts, ids -------------------------------------------------------------------

    /** Numbers the children of {@code dir} in write order: each child before its directory, the root last. */
    private void number(Node.Directory dir, java.util.Set<Node> onPath) {
        if (!onPath.add(dir)) {
            throw new IllegalArgumentException("directory tree contains a cycle");
        }
        id(dir.attributes());
        for (Node child : dir.entries().values()) {
            links.merge(child, 1, Integer::sum);
            switch (child) {
                case Node.Directory d -> {
                    if (numbers.containsKey(d) || links.get(d) > 1) {
                        throw new IllegalArgumentException("a directory appears twice in the tree (directories cannot be hard links)");
                    }
                    number(d, onPath);
                    numbers.put(d, numbers.size() + 1);
                }
                default -> {
                    if (!numbers.containsKey(child)) {
                        id(child.attributes());
                        numbers.put(child, numbers.size() + 1);
                    }
                }
            }
        }
        onPath.remove(dir);
    }

    private void id(Attributes a) {
        for (int id : new int[] {a.uid(), a.gid()}) {
            if (!idIndex.containsKey(id)) {
                if (ids.size() == 0xFFFF) {
                    throw new IllegalArgumentException("more than 65535 distinct uids and gids");
                }
                idIndex.put(id, ids.size());
                ids.add(id);
            }
        }
    }

    // ---- pass 2: data blocks and fragments ---------------------------------------------------------------------

    private void writeData(Node.Directory dir, DataWriter out) throws IOException {
        for (Node child : dir.entries().values()) {
            switch (child) {
                case Node.Directory d -> writeData(d, out);
                case Node.RegularFile f -> {
                    if (!data.containsKey(f)) {
                        data.put(f, writeOnce(f.content(), out));
                    }
                }
                default -> {
                }
            }
        }
    }

    /**
     * The data of {@code content}: that of an earlier file with the same bytes, or newly written.
     * Hard links are already one node; this shares the blocks of distinct files that are equal.
     */
    private void countSizes(Node.Directory dir, java.util.Set<Node> seen) {
        for (Node child : dir.entries().values()) {
            switch (child) {
                case Node.Directory d -> countSizes(d, seen);
                case Node.RegularFile f -> {
                    // a hard link is one node: counted once
                    if (seen.add(f)) {
                        filesOfSize.merge(f.content().size(), 1, Integer::sum);
                    }
                }
                default -> {
                }
            }
        }
    }

    private FileData writeOnce(Node.Content content, DataWriter out) throws IOException {
        if (filesOfSize.getOrDefault(content.size(), 0) < 2) {
            // no other file can be equal: spare the extra read for the hash
            return writeFile(content, out);
        }
        String key = content.size() + ":" + sha256(content);
        FileData known = byContent.get(key);
        if (known != null) {
            return known;
        }
        FileData written = writeFile(content, out);
        byContent.put(key, written);
        return written;
    }

    private static String sha256(Node.Content content) throws IOException {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = open(content)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    private FileData writeFile(Node.Content content, DataWriter out) throws IOException {
        int bs = options.blockSize();
        long size = content.size();
        long full = size / bs;
        int tail = (int) (size % bs);
        if (full > Integer.MAX_VALUE / 4) {
            throw new IOException("file too large: " + size + " bytes");
        }
        FileData fd = new FileData();
        fd.blocks = new int[(int) full];
        try (InputStream in = open(content)) {
            for (int i = 0; i < full; i++) {
                byte[] block = in.readNBytes(bs);
                if (block.length != bs) {
                    throw new IOException(describe(content) + " shrank while it was packed");
                }
                int index = i;
                out.submit(block, bs, true, (position, sizeWord) -> {
                    if (index == 0) {
                        fd.start = position;
                    }
                    fd.blocks[index] = sizeWord;
                    if (sizeWord == 0) {
                        fd.sparse += bs;
                    }
                });
            }
            byte[] rest = in.readNBytes(tail);
            if (rest.length != tail || in.read() >= 0) {
                throw new IOException(describe(content) + " changed size while it was packed");
            }
            if (tail > 0) {
                if (fragmentUsed + tail > bs) {
                    flushFragment(out);
                }
                fd.fragment = fragments.size();
                fd.fragmentOffset = fragmentUsed;
                System.arraycopy(rest, 0, fragment, fragmentUsed, tail);
                fragmentUsed += tail;
            }
        }
        if (full == 0) {
            fd.start = 0;
        }
        return fd;
    }

    private static InputStream open(Node.Content content) throws IOException {
        return switch (content) {
            case Node.Content.OnDisk d -> Files.newInputStream(d.path());
            case Node.Content.InMemory m -> new java.io.ByteArrayInputStream(m.bytes());
        };
    }

    private static String describe(Node.Content content) {
        return switch (content) {
            case Node.Content.OnDisk d -> d.path().toString();
            case Node.Content.InMemory m -> "in-memory file";
        };
    }

    /** Queues the fragment block being filled; its table entry is filled when it is written. */
    private void flushFragment(DataWriter out) throws IOException {
        if (fragmentUsed == 0) {
            return;
        }
        long[] entry = new long[2];
        fragments.add(entry);
        byte[] block = Arrays.copyOf(fragment, fragmentUsed);
        out.submit(block, fragmentUsed, false, (position, sizeWord) -> {
            entry[0] = position;
            entry[1] = sizeWord;
        });
        fragmentUsed = 0;
    }

    // ---- pass 3: inodes and directories ------------------------------------------------------------------------

    private record Entry(String name, long ref, int number, int type) {
    }

    /** Writes the inodes below {@code dir}, its listing and its inode; returns its inode reference. */
    private long writeDirectory(Node.Directory dir, int parent) throws IOException {
        int self = numbers.get(dir);
        int subdirs = 0;
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Node> e : dir.entries().entrySet()) {
            Node child = e.getValue();
            long ref;
            if (child instanceof Node.Directory d) {
                ref = writeDirectory(d, self);
                subdirs++;
            } else {
                Long known = inodeRefs.get(child);
                ref = known != null ? known : writeInode(child);
            }
            entries.add(new Entry(e.getKey(), ref, numbers.get(child), basicType(child)));
        }
        int listingBlock = directories.blockStart();
        int listingOffset = directories.offsetInBlock();
        Listing listing = writeListing(entries);
        long fileSize = listing.size() + 3;
        int xattr = xattrId(dir.attributes());
        int nlink = subdirs + 2;

        long ref = inodes.reference();
        if (fileSize <= 0xFFFF && xattr == NO_XATTR && listing.index().isEmpty()) {
            ByteBuffer b = header(1, dir.attributes(), self, 16);
            b.putInt(listingBlock).putInt(nlink).putShort((short) fileSize).putShort((short) listingOffset).putInt(parent);
            inodes.write(b);
        } else {
            int indexBytes = listing.index().stream().mapToInt(i -> 12 + i.name().length).sum();
            ByteBuffer b = header(8, dir.attributes(), self, 24 + indexBytes);
            b.putInt(nlink).putInt((int) fileSize).putInt(listingBlock).putInt(parent).putShort((short) listing.index().size())
                    .putShort((short) listingOffset).putInt(xattr);
            for (IndexEntry i : listing.index()) {
                b.putInt(i.offset()).putInt(i.block()).putInt(i.name().length - 1).put(i.name());
            }
            inodes.write(b);
        }
        inodeRefs.put(dir, ref);
        return ref;
    }

    /** A directory index entry: where in the listing a run starts, its metadata block, its first name. */
    private record IndexEntry(int offset, int block, byte[] name) {
    }

    private record Listing(long size, List<IndexEntry> index) {
    }

    /**
     * The directory's entries in runs under headers: a run ends after 256
     * entries, when the inode metadata block changes, when the inode number
     * is too far from the run's base for a 16-bit difference, or when the
     * listing crosses into a new metadata block. Each run that starts in a
     * new block gets an index entry, with which the kernel's lookup reads
     * only the block holding a name instead of the listing from its start.
     */
    private Listing writeListing(List<Entry> entries) {
        long start = directories.uncompressedPosition();
        long position = start;
        long indexedBlock = start / MetadataWriter.BLOCK;
        List<IndexEntry> index = new ArrayList<>();
        int i = 0;
        while (i < entries.size()) {
            Entry first = entries.get(i);
            long block = first.ref() >>> 16;
            long headerBlock = position / MetadataWriter.BLOCK;
            long end = position + 12;
            int j = i;
            while (j < entries.size() && j - i < DIR_ENTRIES_PER_HEADER && (entries.get(j).ref() >>> 16) == block
                    && Math.abs(entries.get(j).number() - first.number()) <= Short.MAX_VALUE
                    && (j == i || end / MetadataWriter.BLOCK == headerBlock)) {
                end += 8 + entries.get(j).name().getBytes(StandardCharsets.UTF_8).length;
                j++;
            }
            if (headerBlock != indexedBlock) {
                index.add(new IndexEntry((int) (position - start), directories.blockStart(), first.name().getBytes(StandardCharsets.UTF_8)));
                indexedBlock = headerBlock;
            }
            ByteBuffer h = MetadataWriter.record(12);
            h.putInt(j - i - 1).putInt((int) block).putInt(first.number());
            directories.write(h);
            for (int k = i; k < j; k++) {
                Entry e = entries.get(k);
                byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
                ByteBuffer b = MetadataWriter.record(8 + name.length);
                b.putShort((short) (e.ref() & 0xFFFF)).putShort((short) (e.number() - first.number()))
                        .putShort((short) e.type()).putShort((short) (name.length - 1)).put(name);
                directories.write(b);
            }
            position = end;
            i = j;
        }
        if (position != directories.uncompressedPosition()) {
            throw new IllegalStateException("directory listing size mismatch");
        }
        return new Listing(position - start, index);
    }

    private long writeInode(Node node) {
        long ref = inodes.reference();
        int number = numbers.get(node);
        int nlink = links.get(node);
        int xattr = xattrId(node.attributes());
        boolean ext = xattr != NO_XATTR;
        switch (node) {
            case Node.Directory d -> throw new IllegalStateException("directories are written by writeDirectory");
            case Node.RegularFile f -> writeFileInode(f, number, nlink, xattr);
            case Node.Symlink s -> {
                byte[] target = s.target().getBytes(StandardCharsets.UTF_8);
                ByteBuffer b = header(ext ? 10 : 3, s.attributes(), number, 8 + target.length + (ext ? 4 : 0));
                b.putInt(nlink).putInt(target.length).put(target);
                if (ext) {
                    b.putInt(xattr);
                }
                inodes.write(b);
            }
            case Node.Device d -> {
                int rdev = (d.minor() & 0xff) | (d.major() << 8) | ((d.minor() & ~0xff) << 12);
                ByteBuffer b = header((d.block() ? 4 : 5) + (ext ? 7 : 0), d.attributes(), number, ext ? 12 : 8);
                b.putInt(nlink).putInt(rdev);
                if (ext) {
                    b.putInt(xattr);
                }
                inodes.write(b);
            }
            case Node.Fifo f -> ipc(6, f.attributes(), number, nlink, xattr);
            case Node.Socket s -> ipc(7, s.attributes(), number, nlink, xattr);
        }
        inodeRefs.put(node, ref);
        return ref;
    }

    private void ipc(int basicType, Attributes attributes, int number, int nlink, int xattr) {
        boolean ext = xattr != NO_XATTR;
        ByteBuffer b = header(basicType + (ext ? 7 : 0), attributes, number, ext ? 8 : 4);
        b.putInt(nlink);
        if (ext) {
            b.putInt(xattr);
        }
        inodes.write(b);
    }

    private void writeFileInode(Node.RegularFile f, int number, int nlink, int xattr) {
        FileData fd = data.get(f);
        long size = f.content().size();
        boolean basic = nlink == 1 && xattr == NO_XATTR && fd.sparse == 0 && size <= 0xFFFF_FFFFL && fd.start <= 0xFFFF_FFFFL;
        ByteBuffer b;
        if (basic) {
            b = header(2, f.attributes(), number, 16 + 4 * fd.blocks.length);
            b.putInt((int) fd.start).putInt(fd.fragment).putInt(fd.fragmentOffset).putInt((int) size);
        } else {
            b = header(9, f.attributes(), number, 40 + 4 * fd.blocks.length);
            b.putLong(fd.start).putLong(size).putLong(fd.sparse).putInt(nlink).putInt(fd.fragment).putInt(fd.fragmentOffset)
                    .putInt(xattr);
        }
        for (int sizeWord : fd.blocks) {
            b.putInt(sizeWord);
        }
        inodes.write(b);
    }

    /** A buffer holding the common inode header, with room for {@code rest} more bytes. */
    private ByteBuffer header(int type, Attributes a, int number, int rest) {
        ByteBuffer b = ByteBuffer.allocate(16 + rest).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) type).putShort((short) a.permissions()).putShort((short) (int) idIndex.get(a.uid()))
                .putShort((short) (int) idIndex.get(a.gid())).putInt((int) a.mtime()).putInt(number);
        return b;
    }

    private static int basicType(Node node) {
        return switch (node) {
            case Node.Directory d -> 1;
            case Node.RegularFile f -> 2;
            case Node.Symlink s -> 3;
            case Node.Device d -> d.block() ? 4 : 5;
            case Node.Fifo f -> 6;
            case Node.Socket s -> 7;
        };
    }

    /** The xattr id of these attributes' set, writing the set on first use; identical sets share one id. */
    private int xattrId(Attributes a) {
        if (a.xattrs().isEmpty()) {
            return NO_XATTR;
        }
        StringBuilder key = new StringBuilder();
        a.xattrs().forEach((name, value) -> key.append(name).append('\0').append(java.util.HexFormat.of().formatHex(value)).append('\0'));
        Integer known = xattrIndex.get(key.toString());
        if (known != null) {
            return known;
        }
        long ref = xattrs.reference();
        int size = 0;
        for (Map.Entry<String, byte[]> e : a.xattrs().entrySet()) {
            XattrPrefix prefix = XattrPrefix.of(e.getKey());
            byte[] name = e.getKey().substring(prefix.prefix.length()).getBytes(StandardCharsets.UTF_8);
            byte[] value = e.getValue();
            ByteBuffer b = MetadataWriter.record(8 + name.length + value.length);
            b.putShort((short) prefix.type).putShort((short) name.length).put(name).putInt(value.length).put(value);
            xattrs.write(b);
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length + 1 + value.length;
        }
        int id = xattrIds.size();
        xattrIds.add(Map.entry(ref, new SortedXattrs(new TreeMap<>(a.xattrs()), size)));
        xattrIndex.put(key.toString(), id);
        return id;
    }

    // ---- tables ------------------------------------------------------------------------------------------------

    private record TableBlocks(long end, long[] index) {
    }

    /** Writes a table's metadata blocks at {@code position}; returns where they end and where each block starts. */
    private static TableBlocks table(FileChannel out, long position, MetadataWriter table, int entryBytes) throws IOException {
        byte[] bytes = table.finish();
        int blocks = (entryBytes + MetadataWriter.BLOCK - 1) / MetadataWriter.BLOCK;
        long[] index = new long[blocks];
        int offset = 0;
        for (int i = 0; i < blocks; i++) {
            index[i] = position + offset;
            int header = (bytes[offset] & 0xff) | ((bytes[offset + 1] & 0xff) << 8);
            offset += 2 + (header & 0x7FFF);
        }
        return new TableBlocks(put(out, position, bytes), index);
    }

    private static long putIndex(FileChannel out, long position, long[] index) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(index.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long l : index) {
            b.putLong(l);
        }
        return put(out, position, b.array());
    }

    private static long put(FileChannel out, long position, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            position += out.write(b, position);
        }
        return position;
    }
}
