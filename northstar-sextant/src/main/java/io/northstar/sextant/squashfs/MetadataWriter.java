package io.northstar.sextant.squashfs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A metadata table (inodes, directories, ids...): a stream cut into 8 KiB
 * blocks, each written compressed (if smaller) behind a 16-bit length whose
 * top bit marks an uncompressed block. A position in the stream is a
 * reference: the block's offset from the table start, shifted by 16, plus the
 * offset inside the uncompressed block.
 */
final class MetadataWriter {
    static final int BLOCK = 8192;

    private final Compressor compressor;
    private final ByteArrayOutputStream table = new ByteArrayOutputStream();
    private final byte[] current = new byte[BLOCK];
    private final byte[] scratch;
    private int used;
    private long flushedBlocks;

    MetadataWriter(Compressor compressor) {
        this.compressor = compressor;
        this.scratch = new byte[compressor.bound(BLOCK)];
    }

    /** Where the next byte goes, as a metadata reference. */
    long reference() {
        return ((long) table.size() << 16) | used;
    }

    /** The table offset of the block the next byte goes into. */
    int blockStart() {
        return table.size();
    }

    int offsetInBlock() {
        return used;
    }

    /** The offset of the next byte in the uncompressed stream. */
    long uncompressedPosition() {
        return flushedBlocks * BLOCK + used;
    }

    void write(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int off, int len) {
        while (len > 0) {
            int n = Math.min(len, BLOCK - used);
            System.arraycopy(bytes, off, current, used, n);
            used += n;
            off += n;
            len -= n;
            if (used == BLOCK) {
                flush();
            }
        }
    }

    void write(ByteBuffer buffer) {
        write(buffer.array(), buffer.arrayOffset(), buffer.position());
    }

    /** A little-endian scratch buffer of {@code size} bytes to fill and {@link #write(ByteBuffer)}. */
    static ByteBuffer record(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void flush() {
        int n = compressor.compress(current, used, scratch);
        if (n >= 0) {
            table.write(n & 0xff);
            table.write(n >>> 8);
            table.write(scratch, 0, n);
        } else {
            table.write(used & 0xff);
            table.write((used >>> 8) | 0x80);
            table.write(current, 0, used);
        }
        used = 0;
        flushedBlocks++;
    }

    /** Writes out a partly filled last block and returns the whole table. */
    byte[] finish() {
        if (used > 0) {
            flush();
        }
        return table.toByteArray();
    }
}
