package io.northstar.sextant.squashfs;

import io.airlift.compress.zstd.ZstdCompressor;

import java.util.zip.Deflater;

/**
 * A squashfs compressor: its superblock id and how it compresses one block
 * (a data block, fragment block or 8 KiB metadata block). A block is stored
 * compressed only if that makes it smaller, as mksquashfs does; the
 * uncompressed bit in the block's size word says which.
 *
 * <p>Instances are not thread-safe; the writer gives each thread its own.
 */
public sealed interface Compressor permits Compressor.Gzip, Compressor.Zstd, Compressor.Xz, Compressor.Stored {
    /** The superblock's compression id. */
    int id();

    /** Superblock flags this compressor adds (the "uncompressed" flags of {@link Stored}). */
    default int flags() {
        return 0;
    }

    /**
     * Compresses {@code src[0, length)} into {@code dst} and returns the
     * compressed length, or -1 if the result would not be smaller than
     * {@code length}. {@code dst} has room for {@link #bound(int)} bytes.
     */
    int compress(byte[] src, int length, byte[] dst);

    /** The size of a {@code dst} buffer that {@link #compress} may fill. */
    default int bound(int length) {
        return length;
    }

    /** A fresh compressor of the same kind for another thread. */
    Compressor copy();

    /**
     * zlib streams (RFC 1950), as the kernel's squashfs "gzip" decompressor
     * expects; level 9 and a 32 KiB window like mksquashfs' defaults, so no
     * compressor options are written.
     */
    record Gzip(Deflater deflater) implements Compressor {
        public Gzip() {
            this(new Deflater(Deflater.BEST_COMPRESSION));
        }

        @Override
        public int id() {
            return 1;
        }

        @Override
        public int compress(byte[] src, int length, byte[] dst) {
            deflater.reset();
            deflater.setInput(src, 0, length);
            deflater.finish();
            int n = 0;
            // Room for length - 1 bytes: if the stream does not end within it, storing is smaller.
            while (!deflater.finished() && n < length - 1) {
                n += deflater.deflate(dst, n, length - 1 - n);
            }
            return deflater.finished() ? n : -1;
        }

        @Override
        public Compressor copy() {
            return new Gzip();
        }
    }

    /** zstd frames (aircompressor, pure Java); any level decompresses with the kernel's zstd. */
    record Zstd(ZstdCompressor zstd) implements Compressor {
        public Zstd() {
            this(new ZstdCompressor());
        }

        @Override
        public int id() {
            return 6;
        }

        @Override
        public int bound(int length) {
            return zstd.maxCompressedLength(length);
        }

        @Override
        public int compress(byte[] src, int length, byte[] dst) {
            int n = zstd.compress(src, 0, length, dst, 0, dst.length);
            return n < length ? n : -1;
        }

        @Override
        public Compressor copy() {
            return new Zstd();
        }
    }

    /**
     * xz streams (XZ for Java) with LZMA2 at the default preset and a CRC32
     * check, as mksquashfs writes them. The dictionary is the block size: the
     * kernel allocates exactly that much for an image without compressor
     * options, and refuses streams that ask for more.
     */
    record Xz(org.tukaani.xz.LZMA2Options options) implements Compressor {
        public Xz(int blockSize) {
            this(lzma2(blockSize));
        }

        private static org.tukaani.xz.LZMA2Options lzma2(int blockSize) {
            try {
                org.tukaani.xz.LZMA2Options o = new org.tukaani.xz.LZMA2Options();
                o.setDictSize(blockSize);
                return o;
            } catch (org.tukaani.xz.UnsupportedOptionsException e) {
                throw new IllegalArgumentException("xz: dictionary size " + blockSize + ": " + e.getMessage(), e);
            }
        }

        @Override
        public int id() {
            return 4;
        }

        @Override
        public int compress(byte[] src, int length, byte[] dst) {
            BoundedOutput out = new BoundedOutput(dst, length - 1);
            try {
                // finish(), not close(): the stream holds nothing else, and close() would rethrow a Full.
                org.tukaani.xz.XZOutputStream xz = new org.tukaani.xz.XZOutputStream(out, options, org.tukaani.xz.XZ.CHECK_CRC32);
                xz.write(src, 0, length);
                xz.finish();
            } catch (BoundedOutput.Full e) {
                return -1;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return out.count;
        }

        @Override
        public Compressor copy() {
            return new Xz((org.tukaani.xz.LZMA2Options) options.clone());
        }

        /** Fills {@code dst} up to a limit and gives up beyond it: storing is then smaller. */
        private static final class BoundedOutput extends java.io.OutputStream {
            static final class Full extends java.io.IOException {
                Full() {
                    super("compressed block not smaller");
                }
            }

            private final byte[] dst;
            private final int limit;
            int count;

            BoundedOutput(byte[] dst, int limit) {
                this.dst = dst;
                this.limit = limit;
            }

            @Override
            public void write(int b) throws Full {
                if (count >= limit) {
                    throw new Full();
                }
                dst[count++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws Full {
                if (count + len > limit) {
                    throw new Full();
                }
                System.arraycopy(b, off, dst, count, len);
                count += len;
            }
        }
    }

    /**
     * Nothing compressed: mksquashfs' {@code -noI -noD -noF -noX}, a gzip
     * file system whose blocks are all stored; its flags say so.
     */
    record Stored() implements Compressor {
        @Override
        public int id() {
            return 1;
        }

        @Override
        public int flags() {
            return Superblock.NOI | Superblock.NOD | Superblock.NOF | Superblock.NOX;
        }

        @Override
        public int compress(byte[] src, int length, byte[] dst) {
            return -1;
        }

        @Override
        public Compressor copy() {
            return this;
        }
    }
}
