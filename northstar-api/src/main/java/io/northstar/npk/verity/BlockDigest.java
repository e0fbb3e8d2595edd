package io.northstar.npk.verity;

import io.northstar.npk.Sha256;
import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;

/**
 * SHA-256 of dm-verity blocks: {@code SHA-256(salt || block)} for each 4096-byte block of a run.
 * {@link #JDK} (the JDK's MessageDigest) works everywhere; the runtime passes an implementation
 * on OpenSSL's libcrypto, so that the daemon's hashing speed does not depend on the JIT compiler
 * intrinsifying SHA-256 (only C2 does).
 */
public interface BlockDigest {

    /** The JDK's SHA-256. */
    BlockDigest JDK = JdkHasher::new;

    /** A hasher of blocks salted with {@code salt}, for one thread at a time. */
    Hasher hasher(byte[] salt);

    /** Hashes runs of blocks for one thread; close it to free what it holds (native memory). */
    interface Hasher extends AutoCloseable {

        /**
         * A buffer of {@code capacity} bytes to read blocks into: direct where the implementation
         * reads native memory (a file channel then reads into it without a copy).
         */
        ByteBuffer buffer(int capacity);

        /**
         * Hashes the blocks in {@code blocks} from its position to its limit (a multiple of 4096
         * bytes) into {@code out} from {@code outOffset}, 32 bytes per block. Leaves the buffer's
         * position and limit as they were.
         */
        void hash(ByteBuffer blocks, byte[] out, int outOffset);

        @Override
        void close();
    }

    /** MessageDigest on heap buffers. */
    final class JdkHasher implements Hasher {
        private final MessageDigest md = Sha256.newDigest();
        private final byte[] salt;
        private byte[] scratch;

        private JdkHasher(byte[] salt) {
            this.salt = salt.clone();
        }

        @Override
        public ByteBuffer buffer(int capacity) {
            return ByteBuffer.allocate(capacity);
        }

        @Override
        public void hash(ByteBuffer blocks, byte[] out, int outOffset) {
            int length = checkedLength(blocks, out, outOffset);
            byte[] data;
            int base;
            if (blocks.hasArray()) {
                data = blocks.array();
                base = blocks.arrayOffset() + blocks.position();
            } else {
                if (scratch == null || scratch.length < length) {
                    scratch = new byte[length];
                }
                blocks.get(blocks.position(), scratch, 0, length);
                data = scratch;
                base = 0;
            }
            int n = length / VerityGeometry.BLOCK_SIZE;
            for (int i = 0; i < n; i++) {
                md.update(salt);
                md.update(data, base + i * VerityGeometry.BLOCK_SIZE, VerityGeometry.BLOCK_SIZE);
                try {
                    md.digest(out, outOffset + i * VerityGeometry.DIGEST_SIZE, VerityGeometry.DIGEST_SIZE);
                } catch (DigestException e) {
                    throw new IllegalStateException("SHA-256 digest into a 32-byte slot failed", e);
                }
            }
        }

        @Override
        public void close() {
        }
    }

    /**
     * The length of the blocks in {@code blocks}, checked to be whole blocks whose hashes fit into
     * {@code out} from {@code outOffset}: for implementations, before they touch memory.
     */
    static int checkedLength(ByteBuffer blocks, byte[] out, int outOffset) {
        int length = blocks.remaining();
        if (length % VerityGeometry.BLOCK_SIZE != 0) {
            throw new IllegalArgumentException(length + " bytes are not whole blocks of " + VerityGeometry.BLOCK_SIZE);
        }
        long needed = (long) length / VerityGeometry.BLOCK_SIZE * VerityGeometry.DIGEST_SIZE;
        if (outOffset < 0 || outOffset + needed > out.length) {
            throw new IndexOutOfBoundsException("the hashes of " + length / VerityGeometry.BLOCK_SIZE + " blocks do not fit into "
                    + out.length + " bytes from offset " + outOffset);
        }
        return length;
    }
}
