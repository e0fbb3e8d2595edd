package io.northstar.npk.zip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32;

/** A piece of an entry's data: bytes in memory or a range of a file. */
public sealed interface EntryPart {

    long size();

    void updateCrc(CRC32 crc) throws IOException;

    void writeTo(WritableByteChannel out) throws IOException;

    record Bytes(byte[] data) implements EntryPart {
        @Override
        public long size() {
            return data.length;
        }

        @Override
        public void updateCrc(CRC32 crc) {
            crc.update(data);
        }

        @Override
        public void writeTo(WritableByteChannel out) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                out.write(b);
            }
        }
    }

    /** {@code channel[position, position+size)}; copied by the kernel, never held in memory. */
    record FileRange(FileChannel channel, long position, long size) implements EntryPart {
        @Override
        public void updateCrc(CRC32 crc) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            long done = 0;
            while (done < size) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), size - done));
                int n = channel.read(buffer, position + done);
                if (n < 0) {
                    throw new IOException("file ended after " + done + " of " + size + " bytes");
                }
                crc.update(buffer.flip());
                done += n;
            }
        }

        @Override
        public void writeTo(WritableByteChannel out) throws IOException {
            long done = 0;
            while (done < size) {
                long n = channel.transferTo(position + done, size - done, out);
                if (n <= 0) {
                    throw new IOException("file ended after " + done + " of " + size + " bytes");
                }
                done += n;
            }
        }
    }
}
