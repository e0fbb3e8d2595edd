package io.northstar.npk.verity;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User-space verification of a formatted image (data | superblock | tree) with
 * 300 blocks: tree level 0 = 3 blocks, level 1 = 1 block. Each corruption is
 * reported with the block that failed.
 */
class VerityVerifierTest {
    private static final int BLOCKS = 300;
    private static final long DATA = BLOCKS * 4096L;
    private static final long HASH = DATA + 4096;

    @TempDir
    Path tmp;
    Path image;
    byte[] root;

    @BeforeEach
    void format() throws Exception {
        image = VerityFixtures.randomData(tmp, BLOCKS, 7);
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            root = VerityFormatter.format(ch, DATA, VerityFixtures.SPEC_SALT, VerityFixtures.SPEC_UUID).rootHash();
            assertEquals(DATA + 4096 + 16384, ch.size());
        }
    }

    @Test
    void intactImageVerifies() throws Exception {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            VerityVerifier.verify(ch, 0, DATA, HASH, root, VerityFixtures.SPEC_SALT);
            VerityVerifier.verify(ch, 0, DATA, HASH, root, VerityFixtures.SPEC_SALT, 1);
        }
    }

    @Test
    void corruptDataBlockIsNamed() throws Exception {
        for (long block : new long[] {0, 1, 127, 128, 200, 299}) {
            flip(block * 4096 + 17);
            VerityException e = failure();
            assertEquals(new VerityFailure.DataBlock(block), e.failure());
            assertTrue(e.getMessage().contains("data block " + block + " "), e.getMessage());
            flip(block * 4096 + 17);
        }
    }

    @Test
    void corruptLevelZeroHashBlockIsNamedNotItsDataBlocks() throws Exception {
        // Level 0 starts after the single level 1 block.
        for (int index = 0; index < 3; index++) {
            long at = HASH + 4096 + index * 4096L + 5;
            flip(at);
            VerityException e = failure();
            assertEquals(new VerityFailure.HashBlock(0, index, 1 + index), e.failure());
            flip(at);
        }
    }

    @Test
    void corruptPaddingOfTheLastHashBlockIsDetected() throws Exception {
        // 300 hashes fill 2 blocks and 44 entries of the third; the rest is zero padding.
        long at = HASH + 4096 + 2 * 4096L + 44 * 32 + 3;
        flip(at);
        assertEquals(new VerityFailure.HashBlock(0, 2, 3), failure().failure());
    }

    @Test
    void corruptTopBlockOrWrongRootIsNamed() throws Exception {
        flip(HASH + 100);
        assertEquals(new VerityFailure.HashBlock(1, 0, 0), failure().failure());
        flip(HASH + 100);
        root[0] ^= 1;
        VerityException e = failure();
        assertEquals(new VerityFailure.HashBlock(1, 0, 0), e.failure());
        assertTrue(e.getMessage().contains("root hash"), e.getMessage());
    }

    @Test
    void wrongSaltFails() throws Exception {
        byte[] salt = VerityFixtures.SPEC_SALT.clone();
        salt[31] ^= 1;
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            assertThrows(VerityException.class, () -> VerityVerifier.verify(ch, 0, DATA, HASH, root, salt));
        }
    }

    @Test
    void truncatedImageIsAnIoError() throws Exception {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
            ch.truncate(HASH + 4096);
        }
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            EOFException e = assertThrows(EOFException.class, () -> VerityVerifier.verify(ch, 0, DATA, HASH, root, VerityFixtures.SPEC_SALT));
            assertTrue(e.getMessage().contains("too short"), e.getMessage());
        }
    }

    private VerityException failure() throws Exception {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            return assertThrows(VerityException.class, () -> VerityVerifier.verify(ch, 0, DATA, HASH, root, VerityFixtures.SPEC_SALT));
        }
    }

    private void flip(long at) throws Exception {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x40));
            ch.write(b.rewind(), at);
        }
    }
}
