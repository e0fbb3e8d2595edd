package io.northstar.runtime.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.northstar.npk.Npk;
import io.northstar.npk.NpkVerity;
import io.northstar.npk.key.VerifyingKey;
import io.northstar.npk.verity.BlockDigest;
import io.northstar.npk.verity.VerityException;
import io.northstar.npk.verity.VerityFailure;
import io.northstar.npk.verity.VerityTree;
import io.northstar.npk.verity.VerityVerifier;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libcrypto's verity block digests are the JDK's, byte for byte, and verify what the JDK built. */
class LibCryptoBlockDigestTest {
    private static final int B = 4096;

    @TempDir
    Path dir;

    /** The reference: {@link BlockDigest#JDK}, which northstar-api's tests hold to MessageDigest block by block. */
    private static byte[] jdk(byte[] salt, byte[] data, int offset, int blocks) {
        byte[] out = new byte[blocks * 32];
        try (BlockDigest.Hasher h = BlockDigest.JDK.hasher(salt)) {
            h.hash(ByteBuffer.wrap(data, offset, blocks * B), out, 0);
        }
        return out;
    }

    @Test
    void randomBlocksHashAsTheJdkHashesThem() throws Exception {
        LibCryptoBlockDigest digest = LibCryptoBlockDigest.load();
        Random random = new Random(42);
        for (int round = 0; round < 40; round++) {
            byte[] salt = new byte[random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(255)];
            random.nextBytes(salt);
            int blocks = 1 + random.nextInt(300);
            int skip = random.nextInt(3) * B;
            byte[] data = new byte[skip + blocks * B];
            random.nextBytes(data);
            byte[] expected = jdk(salt, data, skip, blocks);
            try (BlockDigest.Hasher h = digest.hasher(salt)) {
                // Heap input (tree levels), copied through native memory in pieces.
                byte[] heap = new byte[8 + blocks * 32];
                h.hash(ByteBuffer.wrap(data, skip, blocks * B), heap, 8);
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(heap, 8, heap.length), "heap, round " + round);
                // Direct input at a position (what a file channel reads into).
                ByteBuffer direct = h.buffer(data.length);
                direct.put(data).position(skip);
                byte[] out = new byte[blocks * 32];
                h.hash(direct, out, 0);
                assertArrayEquals(expected, out, "direct, round " + round);
                assertEquals(skip, direct.position(), "the buffer's position is left as it was");
            }
        }
    }

    @Test
    void partialBlocksAndTooSmallOutputsAreRefused() {
        try (BlockDigest.Hasher h = LibCryptoBlockDigest.load().hasher(new byte[32])) {
            assertThrows(IllegalArgumentException.class, () -> h.hash(ByteBuffer.allocateDirect(B + 1), new byte[64], 0));
            assertThrows(IndexOutOfBoundsException.class, () -> h.hash(ByteBuffer.allocateDirect(2 * B), new byte[63], 0));
            assertThrows(IndexOutOfBoundsException.class, () -> h.hash(ByteBuffer.allocate(B), new byte[32], 1));
        }
    }

    @Test
    void theDaemonUsesLibcryptoWhereItLoads() {
        assertSame(LibCryptoBlockDigest.class, LibCryptoBlockDigest.orJdk().getClass());
    }

    @Test
    void withoutLibcryptoTheJdkHashes() {
        assertSame(BlockDigest.JDK, LibCryptoBlockDigest.best("northstar-test-no-such-crypto"));
    }

    /** An image with a tree the JDK built verifies with libcrypto, in parallel; a flipped bit is found. */
    @Test
    void verifiesWhatTheJdkBuiltAndFindsTheCorruptBlock() throws Exception {
        Random random = new Random(7);
        long dataSize = 3000L * B; // three tree levels
        byte[] salt = new byte[32];
        random.nextBytes(salt);
        Path image = dir.resolve("image");
        byte[] data = new byte[(int) dataSize];
        random.nextBytes(data);
        Files.write(image, data);
        VerityTree tree;
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            tree = VerityTree.build(ch, 0, dataSize, salt, 1);
        }
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            tree.writeTo(ch, dataSize);
        }
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            VerityVerifier.verify(ch, 0, dataSize, dataSize, tree.rootHash(), salt, 2, LibCryptoBlockDigest.load());
        }
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) (data[2345 * B + 17] ^ 4)}), 2345L * B + 17);
        }
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            VerityException e = assertThrows(VerityException.class, () -> VerityVerifier.verify(ch, 0, dataSize, dataSize,
                    tree.rootHash(), salt, 2, LibCryptoBlockDigest.load()));
            assertEquals(new VerityFailure.DataBlock(2345), e.failure());
        }
    }

    /** The test vector of the NPK format (northstar-api's test resources) verifies with libcrypto. */
    @Test
    void testVectorVerifies() throws Exception {
        Path resources = Path.of("..", "northstar-api", "src", "test", "resources", "npk");
        Npk npk = Npk.read(resources.resolve("hello-0.0.2.npk"),
                Optional.of(VerifyingKey.of(Files.readAllBytes(resources.resolve("northstar.pub")))));
        NpkVerity v = npk.verity().orElseThrow();
        try (FileChannel ch = FileChannel.open(resources.resolve("hello-0.0.2.npk"), StandardOpenOption.READ)) {
            VerityVerifier.verify(ch, v.dataOffset(), v.dataSize(), v.hashOffset(), v.rootHash().bytes(),
                    v.superblock().salt(), 2, LibCryptoBlockDigest.load());
        }
    }
}
