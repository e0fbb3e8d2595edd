package io.northstar.npk.zip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Writes a zip archive of stored entries the way the Rust {@code zip} crate
 * 2.2.0 does for an NPK (docs/npk-format.md, "Zip archive"): version needed 10, no data
 * descriptors, DOS date 1980-01-01, UNIX "made by", mode 0644, and the
 * {@code 0xA11E} alignment extra field in both the local and the central header
 * of an aligned entry. Given the same entry bytes and comment the output is
 * byte-identical to the Rust writer's.
 */
public final class ZipWriter implements AutoCloseable {
    static final int VERSION_NEEDED = 10;
    static final int VERSION_MADE_BY = 0x030A;
    static final int DOS_DATE_1980_01_01 = 0x0021;
    static final int EXTERNAL_ATTRIBUTES_FILE_0644 = 0x81A40000;
    static final int ALIGNMENT_EXTRA_ID = 0xA11E;
    private static final long MAX_U32 = 0xFFFFFFFFL;

    private final WritableByteChannel out;
    private final List<Central> central = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private long offset;
    private boolean finished;

    private record Central(byte[] name, long crc, long size, long localHeaderOffset, byte[] extra) {
    }

    /** Writes to {@code out} from its current position, which counts as archive offset 0. */
    public ZipWriter(WritableByteChannel out) {
        this.out = out;
    }

    /** Adds a stored entry with the given bytes. */
    public void add(String name, byte[] data) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(data);
        startEntry(name, crc.getValue(), data.length, 0);
        writeFully(ByteBuffer.wrap(data));
        offset += data.length;
    }

    /**
     * Adds a stored entry whose data is the concatenation of {@code parts},
     * with the data aligned to {@code alignment} bytes within the archive
     * ({@code 0} or {@code 1}: no alignment). File ranges are copied by the
     * kernel ({@code transferTo}), never held in memory.
     *
     * @return the archive offset of the entry's data
     */
    public long add(String name, List<EntryPart> parts, int alignment) throws IOException {
        long size = 0;
        CRC32 crc = new CRC32();
        for (EntryPart part : parts) {
            size += part.size();
            part.updateCrc(crc);
        }
        if (size > MAX_U32) {
            throw new IOException("entry " + name + " has " + size + " bytes; zip archives without ZIP64 hold at most 4 GiB - 1");
        }
        startEntry(name, crc.getValue(), size, alignment);
        long dataOffset = offset;
        for (EntryPart part : parts) {
            part.writeTo(out);
        }
        offset += size;
        return dataOffset;
    }

    /** Writes the central directory and the end record with {@code comment}. */
    public void finish(byte[] comment) throws IOException {
        if (finished) {
            throw new IllegalStateException("zip archive already finished");
        }
        if (comment.length > 0xFFFF) {
            throw new IOException("zip comment of " + comment.length + " bytes is longer than 65535");
        }
        finished = true;
        long cdOffset = offset;
        for (Central c : central) {
            ByteBuffer h = buffer(46 + c.name.length + c.extra.length);
            h.putInt(ZipDirectory.CENTRAL_SIGNATURE);
            h.putShort((short) VERSION_MADE_BY);
            h.putShort((short) VERSION_NEEDED);
            h.putShort((short) flags(c.name));
            h.putShort((short) ZipEntryRecord.METHOD_STORED);
            h.putShort((short) 0);
            h.putShort((short) DOS_DATE_1980_01_01);
            h.putInt((int) c.crc);
            h.putInt((int) c.size);
            h.putInt((int) c.size);
            h.putShort((short) c.name.length);
            h.putShort((short) c.extra.length);
            h.putShort((short) 0); // comment length
            h.putShort((short) 0); // disk number start
            h.putShort((short) 0); // internal attributes
            h.putInt(EXTERNAL_ATTRIBUTES_FILE_0644);
            h.putInt((int) c.localHeaderOffset);
            h.put(c.name);
            h.put(c.extra);
            write(h);
        }
        long cdSize = offset - cdOffset;
        if (cdOffset > MAX_U32 || central.size() > 0xFFFE) {
            throw new IOException("archive needs ZIP64, which NPKs do not use");
        }
        ByteBuffer e = buffer(ZipDirectory.EOCD_LENGTH + comment.length);
        e.putInt(ZipDirectory.EOCD_SIGNATURE);
        e.putShort((short) 0);
        e.putShort((short) 0);
        e.putShort((short) central.size());
        e.putShort((short) central.size());
        e.putInt((int) cdSize);
        e.putInt((int) cdOffset);
        e.putShort((short) comment.length);
        e.put(comment);
        write(e);
    }

    /** Number of bytes written so far. */
    public long offset() {
        return offset;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void startEntry(String name, long crc, long size, int alignment) throws IOException {
        if (finished) {
            throw new IllegalStateException("zip archive already finished");
        }
        if (!names.add(name)) {
            throw new IOException("duplicate zip entry " + name);
        }
        if (offset > MAX_U32) {
            throw new IOException("entry " + name + " would start beyond 4 GiB; NPKs do not use ZIP64");
        }
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] extra = alignmentExtra(offset + ZipDirectory.LOCAL_HEADER_LENGTH + nameBytes.length, alignment);
        long localHeaderOffset = offset;
        ByteBuffer h = buffer(ZipDirectory.LOCAL_HEADER_LENGTH + nameBytes.length + extra.length);
        h.putInt(ZipDirectory.LOCAL_SIGNATURE);
        h.putShort((short) VERSION_NEEDED);
        h.putShort((short) flags(nameBytes));
        h.putShort((short) ZipEntryRecord.METHOD_STORED);
        h.putShort((short) 0);
        h.putShort((short) DOS_DATE_1980_01_01);
        h.putInt((int) crc);
        h.putInt((int) size);
        h.putInt((int) size);
        h.putShort((short) nameBytes.length);
        h.putShort((short) extra.length);
        h.put(nameBytes);
        h.put(extra);
        write(h);
        central.add(new Central(nameBytes, crc, size, localHeaderOffset, extra));
    }

    /**
     * The zipalign-style extra field of zip 2.2.0 {@code start_entry}: pad to
     * the next multiple of {@code alignment}, at least 6 bytes (4 header + the
     * u16 alignment value), adding whole alignments until it fits.
     */
    static byte[] alignmentExtra(long headerEnd, int alignment) {
        if (alignment <= 1) {
            return new byte[0];
        }
        long remainder = headerEnd % alignment;
        if (remainder == 0) {
            return new byte[0];
        }
        long pad = alignment - remainder;
        while (pad < 6) {
            pad += alignment;
        }
        if (pad > 0xFFFF) {
            throw new IllegalArgumentException("alignment " + alignment + " needs " + pad + " bytes of extra field, more than 65535");
        }
        ByteBuffer extra = buffer((int) pad);
        extra.putShort((short) ALIGNMENT_EXTRA_ID);
        extra.putShort((short) (pad - 4));
        extra.putShort((short) alignment);
        return extra.array();
    }

    private static int flags(byte[] name) {
        for (byte b : name) {
            if (b < 0) {
                return ZipDirectory.FLAG_UTF8;
            }
        }
        return 0;
    }

    private void write(ByteBuffer b) throws IOException {
        b.flip();
        offset += b.remaining();
        writeFully(b);
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    private static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
