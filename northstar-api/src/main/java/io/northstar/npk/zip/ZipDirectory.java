package io.northstar.npk.zip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The central directory and comment of a zip archive, read straight from a
 * channel. Only the end record, the central directory and (on request) single
 * local headers or small entries are read, never the whole archive: an NPK's
 * {@code fs.img} can be hundreds of megabytes and is mapped by the runtime, not
 * read.
 *
 * <p>We parse the structures ourselves because {@code java.util.zip} does not
 * tell where an entry's data starts, which the loop device needs.
 */
public final class ZipDirectory {
    static final int EOCD_SIGNATURE = 0x06054b50;
    static final int CENTRAL_SIGNATURE = 0x02014b50;
    static final int LOCAL_SIGNATURE = 0x04034b50;
    static final int EOCD_LENGTH = 22;
    static final int CENTRAL_HEADER_LENGTH = 46;
    static final int LOCAL_HEADER_LENGTH = 30;
    static final int FLAG_ENCRYPTED = 1;
    static final int FLAG_UTF8 = 1 << 11;
    private static final int MAX_COMMENT = 0xFFFF;
    /** An NPK has three entries; a directory larger than this is not an NPK. */
    private static final long MAX_CENTRAL_DIRECTORY = 1 << 20;

    private final SeekableByteChannel channel;
    private final long archiveSize;
    private final List<ZipEntryRecord> entries;
    private final Map<String, ZipEntryRecord> byName;
    private final byte[] comment;

    private ZipDirectory(SeekableByteChannel channel, long archiveSize, List<ZipEntryRecord> entries, byte[] comment) {
        this.channel = channel;
        this.archiveSize = archiveSize;
        this.entries = List.copyOf(entries);
        Map<String, ZipEntryRecord> map = new LinkedHashMap<>();
        for (ZipEntryRecord e : entries) {
            map.put(e.name(), e);
        }
        this.byName = Collections.unmodifiableMap(map);
        this.comment = comment;
    }

    /**
     * Reads the end of central directory record, the comment and the central
     * directory. The channel stays owned by the caller and must stay open while
     * this directory is used.
     *
     * @throws ZipFormatException for a broken archive, a multi-disk or ZIP64
     *                            archive, or duplicate entry names
     */
    public static ZipDirectory read(SeekableByteChannel channel) throws IOException, ZipFormatException {
        long size = channel.size();
        if (size < EOCD_LENGTH) {
            throw new ZipFormatException("not a zip archive: " + size + " bytes is too short for an end of central directory record");
        }
        int tailLength = (int) Math.min(size, EOCD_LENGTH + MAX_COMMENT);
        ByteBuffer tail = readAt(channel, size - tailLength, tailLength);
        int eocd = -1;
        for (int p = tailLength - EOCD_LENGTH; p >= 0; p--) {
            if (tail.getInt(p) == EOCD_SIGNATURE && p + EOCD_LENGTH + Short.toUnsignedInt(tail.getShort(p + 20)) == tailLength) {
                eocd = p;
                break;
            }
        }
        if (eocd < 0) {
            throw new ZipFormatException("not a zip archive: no end of central directory record found");
        }
        int disk = Short.toUnsignedInt(tail.getShort(eocd + 4));
        int cdDisk = Short.toUnsignedInt(tail.getShort(eocd + 6));
        int entriesOnDisk = Short.toUnsignedInt(tail.getShort(eocd + 8));
        int totalEntries = Short.toUnsignedInt(tail.getShort(eocd + 10));
        long cdSize = Integer.toUnsignedLong(tail.getInt(eocd + 12));
        long cdOffset = Integer.toUnsignedLong(tail.getInt(eocd + 16));
        int commentLength = Short.toUnsignedInt(tail.getShort(eocd + 20));
        long eocdPosition = size - tailLength + eocd;
        if (disk != 0 || cdDisk != 0 || entriesOnDisk != totalEntries) {
            throw new ZipFormatException("multi-disk zip archives are not supported");
        }
        if (totalEntries == 0xFFFF || cdSize == 0xFFFFFFFFL || cdOffset == 0xFFFFFFFFL) {
            throw new ZipFormatException("ZIP64 archives are not supported (an NPK is at most 4 GiB)");
        }
        if (cdOffset + cdSize > eocdPosition) {
            throw new ZipFormatException("central directory (offset " + cdOffset + ", " + cdSize
                    + " bytes) overlaps the end record at offset " + eocdPosition);
        }
        if (cdSize > MAX_CENTRAL_DIRECTORY) {
            throw new ZipFormatException("central directory of " + cdSize + " bytes is too large for an NPK");
        }
        byte[] comment = new byte[commentLength];
        tail.get(eocd + EOCD_LENGTH, comment);

        ByteBuffer cd = readAt(channel, cdOffset, (int) cdSize);
        List<ZipEntryRecord> entries = new ArrayList<>();
        Map<String, ZipEntryRecord> seen = new LinkedHashMap<>();
        int p = 0;
        for (int i = 0; i < totalEntries; i++) {
            if (p + CENTRAL_HEADER_LENGTH > cdSize || cd.getInt(p) != CENTRAL_SIGNATURE) {
                throw new ZipFormatException("central directory entry " + i + " at offset " + (cdOffset + p) + " is malformed");
            }
            int flags = Short.toUnsignedInt(cd.getShort(p + 8));
            int method = Short.toUnsignedInt(cd.getShort(p + 10));
            long crc = Integer.toUnsignedLong(cd.getInt(p + 16));
            long compressed = Integer.toUnsignedLong(cd.getInt(p + 20));
            long uncompressed = Integer.toUnsignedLong(cd.getInt(p + 24));
            int nameLength = Short.toUnsignedInt(cd.getShort(p + 28));
            int extraLength = Short.toUnsignedInt(cd.getShort(p + 30));
            int entryCommentLength = Short.toUnsignedInt(cd.getShort(p + 32));
            long localOffset = Integer.toUnsignedLong(cd.getInt(p + 42));
            int next = p + CENTRAL_HEADER_LENGTH + nameLength + extraLength + entryCommentLength;
            if (next > cdSize) {
                throw new ZipFormatException("central directory entry " + i + " runs past the end of the central directory");
            }
            byte[] nameBytes = new byte[nameLength];
            cd.get(p + CENTRAL_HEADER_LENGTH, nameBytes);
            String name = decodeName(nameBytes, flags);
            if (compressed == 0xFFFFFFFFL || uncompressed == 0xFFFFFFFFL || localOffset == 0xFFFFFFFFL) {
                throw new ZipFormatException("entry " + name + " uses ZIP64 sizes, which an NPK does not use");
            }
            ZipEntryRecord entry = new ZipEntryRecord(name, flags, method, crc, compressed, uncompressed, localOffset);
            if (seen.putIfAbsent(name, entry) != null) {
                throw new ZipFormatException("duplicate entry name " + name + " in the zip archive");
            }
            entries.add(entry);
            p = next;
        }
        return new ZipDirectory(channel, size, entries, comment);
    }

    /** Entries in central directory order. */
    public List<ZipEntryRecord> entries() {
        return entries;
    }

    public Optional<ZipEntryRecord> entry(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The raw bytes of the archive comment. */
    public byte[] comment() {
        return comment.clone();
    }

    public long archiveSize() {
        return archiveSize;
    }

    /**
     * Offset of the first data byte of {@code entry}: its local header offset
     * plus 30 plus the name and extra lengths <em>of the local header</em>
     * (they may differ from the central directory's).
     */
    public long dataOffset(ZipEntryRecord entry) throws IOException, ZipFormatException {
        if ((entry.flags() & FLAG_ENCRYPTED) != 0) {
            throw new ZipFormatException("entry " + entry.name() + " is encrypted");
        }
        if (entry.localHeaderOffset() + LOCAL_HEADER_LENGTH > archiveSize) {
            throw new ZipFormatException("local header of entry " + entry.name() + " at offset "
                    + entry.localHeaderOffset() + " lies beyond the end of the archive");
        }
        ByteBuffer header = readAt(channel, entry.localHeaderOffset(), LOCAL_HEADER_LENGTH);
        if (header.getInt(0) != LOCAL_SIGNATURE) {
            throw new ZipFormatException("no local file header for entry " + entry.name() + " at offset "
                    + entry.localHeaderOffset());
        }
        int nameLength = Short.toUnsignedInt(header.getShort(26));
        int extraLength = Short.toUnsignedInt(header.getShort(28));
        if (entry.localHeaderOffset() + LOCAL_HEADER_LENGTH + nameLength > archiveSize) {
            throw new ZipFormatException("local header of entry " + entry.name() + " is truncated");
        }
        byte[] nameBytes = readAt(channel, entry.localHeaderOffset() + LOCAL_HEADER_LENGTH, nameLength).array();
        String localName = decodeName(nameBytes, Short.toUnsignedInt(header.getShort(6)));
        if (!localName.equals(entry.name())) {
            throw new ZipFormatException("local header at offset " + entry.localHeaderOffset() + " names entry "
                    + localName + ", the central directory says " + entry.name());
        }
        long offset = entry.localHeaderOffset() + LOCAL_HEADER_LENGTH + nameLength + extraLength;
        if (offset + entry.compressedSize() > archiveSize) {
            throw new ZipFormatException("data of entry " + entry.name() + " (" + entry.compressedSize()
                    + " bytes at offset " + offset + ") extends beyond the end of the archive (" + archiveSize + " bytes)");
        }
        return offset;
    }

    /**
     * Reads a small stored entry completely and checks its CRC-32, as the zip
     * crate does when the Rust runtime reads {@code manifest.yaml} and
     * {@code signature.yaml}.
     */
    public byte[] readStored(ZipEntryRecord entry, int maxSize) throws IOException, ZipFormatException {
        byte[] data = readStoredUnchecked(entry, maxSize);
        CRC32 crc = new CRC32();
        crc.update(data);
        if (crc.getValue() != entry.crc32()) {
            throw new ZipFormatException(entry.name() + ": CRC-32 mismatch (central directory says "
                    + String.format("%08x", entry.crc32()) + ", data has " + String.format("%08x", crc.getValue()) + ")");
        }
        return data;
    }

    /** Reads a small stored entry completely without checking its CRC-32. */
    public byte[] readStoredUnchecked(ZipEntryRecord entry, int maxSize) throws IOException, ZipFormatException {
        requireStored(entry);
        if (entry.size() > maxSize) {
            throw new ZipFormatException("entry " + entry.name() + " has " + entry.size() + " bytes, more than the "
                    + maxSize + " allowed");
        }
        long offset = dataOffset(entry);
        return readAt(channel, offset, (int) entry.size()).array();
    }

    /** Rejects a compressed entry: NPK entries are mapped or read in place. */
    public static void requireStored(ZipEntryRecord entry) throws ZipFormatException {
        if (!entry.stored()) {
            throw new ZipFormatException("entry " + entry.name() + " is compressed (method " + entry.method()
                    + "); NPK entries must be stored uncompressed");
        }
        if (entry.compressedSize() != entry.size()) {
            throw new ZipFormatException("stored entry " + entry.name() + " has compressed size " + entry.compressedSize()
                    + " but size " + entry.size());
        }
    }

    static ByteBuffer readAt(SeekableByteChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        // Positional reads on a shared channel: synchronize so that concurrent
        // readers of the same SeekableByteChannel do not move each other's position.
        synchronized (channel) {
            channel.position(position);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new IOException("unexpected end of file at offset " + (position + buffer.position())
                            + " while reading " + length + " bytes at offset " + position);
                }
            }
        }
        return buffer.flip();
    }

    private static String decodeName(byte[] bytes, int flags) {
        // Like the zip crate: UTF-8 when flagged, else CP437 (ASCII for every NPK entry name).
        if ((flags & FLAG_UTF8) != 0) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return new String(bytes, Cp437.CHARSET);
    }

    private static final class Cp437 {
        static final Charset CHARSET = Charset.isSupported("IBM437") ? Charset.forName("IBM437") : StandardCharsets.ISO_8859_1;
    }
}
