package io.northstar.runtime.sys;

import io.northstar.npk.verity.BlockDigest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verity block hashing through libcrypto: the daemon's hashing speed then does not depend on C2
 * intrinsifying SHA-256, so the JVM can run C1 only (smaller, faster start). Where libcrypto is
 * missing, {@link #orJdk()} falls back to the JDK's MessageDigest and says so once.
 */
public final class LibCryptoBlockDigest implements BlockDigest {
    private static final Logger LOG = LoggerFactory.getLogger(LibCryptoBlockDigest.class);
    private static final int BLOCK = 4096;
    private static final int DIGEST = 32;
    /** Blocks hashed per copy when the caller's blocks are on the heap (tree levels). */
    private static final int HEAP_CHUNK_BLOCKS = 64;

    private final LibCrypto lib;

    private LibCryptoBlockDigest(LibCrypto lib) {
        this.lib = lib;
    }

    /** libcrypto's SHA-256; LinkageError when libcrypto cannot be loaded. */
    public static LibCryptoBlockDigest load() {
        return new LibCryptoBlockDigest(LibCrypto.load());
    }

    /** libcrypto when it loads, else the JDK's SHA-256 (logged once, with the reason). */
    public static BlockDigest orJdk() {
        return Holder.BEST;
    }

    private static final class Holder {
        static final BlockDigest BEST = best("crypto");
    }

    /** libcrypto loaded as {@code library} and checked, else the JDK's digest (logged). */
    static BlockDigest best(String library) {
        try {
            LibCryptoBlockDigest digest = new LibCryptoBlockDigest(LibCrypto.load(library));
            digest.selfTest();
            return digest;
        } catch (LinkageError | IllegalStateException e) {
            LOG.warn("libcrypto's SHA-256 is not usable ({}): verity hash trees are checked with the JDK's SHA-256,"
                    + " which is fast only where the JIT's C2 compiler intrinsifies it (bin/northstar runs C1 only:"
                    + " JAVA_OPTS without -XX:TieredStopAtLevel=1 brings C2 back)",
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getName()));
            return BlockDigest.JDK;
        }
    }

    /** One block against the JDK's digest: a libcrypto that loads but hashes wrongly is not used. */
    private void selfTest() {
        byte[] salt = {1, 2, 3};
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        for (int i = 0; i < BLOCK; i++) {
            block.put(i, (byte) (i * 31 + 7));
        }
        byte[] ours = new byte[DIGEST];
        byte[] jdk = new byte[DIGEST];
        try (Hasher h = hasher(salt)) {
            h.hash(block, ours, 0);
        }
        try (Hasher h = BlockDigest.JDK.hasher(salt)) {
            h.hash(block, jdk, 0);
        }
        if (!java.util.Arrays.equals(ours, jdk)) {
            throw new IllegalStateException("libcrypto's SHA256 differs from the JDK's on a test block");
        }
    }

    @Override
    public Hasher hasher(byte[] salt) {
        return new NativeHasher(lib, salt);
    }

    /**
     * Native memory of one hasher: the SHA256_CTX, the salt, the digests of one call (and for heap
     * input a copy of the blocks).
     */
    private static final class NativeHasher implements Hasher {
        private final LibCrypto lib;
        private final int saltLength;
        private final ByteBuffer state;
        private final long ctx;
        private final long salt;
        private ByteBuffer digests;
        private ByteBuffer copy;

        NativeHasher(LibCrypto lib, byte[] salt) {
            this.lib = lib;
            this.saltLength = salt.length;
            this.state = ByteBuffer.allocateDirect(LibCrypto.CTX_SPACE + salt.length).order(ByteOrder.nativeOrder());
            this.ctx = address(state);
            this.salt = ctx + LibCrypto.CTX_SPACE;
            state.put(LibCrypto.CTX_SPACE, salt);
        }

        @Override
        public ByteBuffer buffer(int capacity) {
            return ByteBuffer.allocateDirect(capacity);
        }

        @Override
        public void hash(ByteBuffer blocks, byte[] out, int outOffset) {
            int length = BlockDigest.checkedLength(blocks, out, outOffset);
            if (blocks.isDirect()) {
                hashNative(address(blocks), length / BLOCK, out, outOffset);
                return;
            }
            if (copy == null) {
                copy = ByteBuffer.allocateDirect(HEAP_CHUNK_BLOCKS * BLOCK);
            }
            for (int done = 0; done < length; done += copy.capacity()) {
                int n = Math.min(copy.capacity(), length - done);
                copy.put(0, blocks, blocks.position() + done, n);
                hashNative(address(copy), n / BLOCK, out, outOffset + done / BLOCK * DIGEST);
            }
        }

        private void hashNative(long data, int count, byte[] out, int outOffset) {
            int size = count * DIGEST;
            if (digests == null || digests.capacity() < size) {
                digests = ByteBuffer.allocateDirect(Math.max(size, 256 * DIGEST));
            }
            long digest = address(digests);
            for (int i = 0; i < count; i++) {
                // Init and the salt again for each block: cheaper than relying on SHA256_CTX's layout to copy it.
                if (lib.SHA256_Init(ctx) != 1
                        || lib.SHA256_Update(ctx, salt, saltLength) != 1
                        || lib.SHA256_Update(ctx, data + (long) i * BLOCK, BLOCK) != 1
                        || lib.SHA256_Final(digest + (long) i * DIGEST, ctx) != 1) {
                    throw new IllegalStateException("libcrypto SHA256 failed on block " + i + " of " + count);
                }
            }
            digests.get(0, out, outOffset, size);
        }

        @Override
        public void close() {
            // Direct buffers: freed with this object. Kept referenced until here so that no
            // address used above outlives its memory.
            java.lang.ref.Reference.reachabilityFence(state);
            java.lang.ref.Reference.reachabilityFence(copy);
            java.lang.ref.Reference.reachabilityFence(digests);
        }
    }

    /** The address of a direct buffer's byte at its position. */
    private static long address(ByteBuffer direct) {
        return jnr.ffi.Pointer.wrap(NativeIo.RUNTIME, direct).address();
    }
}
