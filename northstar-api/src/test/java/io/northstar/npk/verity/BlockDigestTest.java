package io.northstar.npk.verity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The JDK's block digest on heap and direct buffers, at offsets, against plain MessageDigest. */
class BlockDigestTest {
    private static final int B = VerityGeometry.BLOCK_SIZE;

    @Test
    void heapAndDirectBuffersHashAsMessageDigestDoes() throws Exception {
        Random random = new Random(3);
        for (int round = 0; round < 10; round++) {
            byte[] salt = new byte[random.nextInt(64)];
            random.nextBytes(salt);
            int blocks = 1 + random.nextInt(20);
            int skip = random.nextInt(2) * B;
            byte[] data = new byte[skip + blocks * B];
            random.nextBytes(data);
            byte[] expected = new byte[blocks * 32];
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < blocks; i++) {
                md.update(salt);
                md.update(data, skip + i * B, B);
                md.digest(expected, i * 32, 32);
            }
            try (BlockDigest.Hasher h = BlockDigest.JDK.hasher(salt)) {
                byte[] out = new byte[4 + blocks * 32];
                h.hash(ByteBuffer.wrap(data, skip, blocks * B), out, 4);
                assertArrayEquals(expected, Arrays.copyOfRange(out, 4, out.length));
                ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).position(skip);
                byte[] fromDirect = new byte[blocks * 32];
                h.hash(direct, fromDirect, 0);
                assertArrayEquals(expected, fromDirect);
                assertEquals(skip, direct.position());
            }
        }
    }

    @Test
    void partialBlocksAreRefused() {
        try (BlockDigest.Hasher h = BlockDigest.JDK.hasher(new byte[0])) {
            assertThrows(IllegalArgumentException.class, () -> h.hash(ByteBuffer.allocate(B - 1), new byte[32], 0));
            assertThrows(IndexOutOfBoundsException.class, () -> h.hash(ByteBuffer.allocate(B), new byte[31], 0));
        }
    }
}
