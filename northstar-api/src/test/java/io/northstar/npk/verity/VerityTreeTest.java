package io.northstar.npk.verity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Hash tree vectors of spec npk-format §12.1 and the tree geometry of §6.3. */
class VerityTreeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} blocks")
    @CsvSource({
        "1, 0, 4ce3ecf32c133bf6321901b6092219474b6ac91a19d0304621d629e6bb9987dc",
        "2, 4096, bd780675f50010ed023fd1f07e98f029a6aaf25a8f6ee33ec94b4b4e847e4b2e",
        "3, 4096, 9b03bbba3caf521b66ed754ee9f0d5848dd2bf99c2d51a898c133dd46ac97e51",
        "128, 4096, acb37719c99f3ac554ecbbccb8910616915a08e5a67bd3b9778694c60e673da4",
        "129, 12288, 6093a2333523050b628581510028976d3d3e9c62458642a83727e6df641397a4",
        "300, 16384, 5e0340a7ec05976e629e6811add3590c8e81dce85b601894c1b9dac49da9cfca",
        "20000, 655360, 08389244f53cebfecb4c45aae754c622b52f23a3afde921d37f7885d8338c4fd",
    })
    void specVectors(int blocks, long treeSize, String root) throws Exception {
        Path data = VerityFixtures.specData(tmp, blocks);
        for (int threads : new int[] {1, 2, 5}) {
            try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
                VerityTree tree = VerityTree.build(ch, 0, blocks * 4096L, VerityFixtures.SPEC_SALT, threads);
                assertEquals(root, HexFormat.of().formatHex(tree.rootHash()), threads + " threads");
                assertEquals(treeSize, tree.size());
                assertEquals(treeSize, tree.toBytes().length);
            }
        }
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            VerityFormatter.Result r = VerityFormatter.format(ch, blocks * 4096L, VerityFixtures.SPEC_SALT, VerityFixtures.SPEC_UUID);
            assertEquals(root, HexFormat.of().formatHex(r.rootHash()));
            assertEquals(blocks * 4096L + 4096 + treeSize, ch.size());
            VerityVerifier.verify(ch, 0, blocks * 4096L, blocks * 4096L + 4096, r.rootHash(), VerityFixtures.SPEC_SALT);
        }
    }

    @Test
    void geometryOfSpecExamples() {
        assertEquals(List.of(), VerityGeometry.forDataSize(4096).levelSizes());
        assertEquals(List.of(4096L), VerityGeometry.forDataSize(2 * 4096).levelSizes());
        assertEquals(List.of(4096L), VerityGeometry.forDataSize(128 * 4096).levelSizes());
        VerityGeometry g = VerityGeometry.forDataSize(129 * 4096);
        assertEquals(List.of(8192L, 4096L), g.levelSizes());
        assertEquals(4096, g.levelOffset(0), "level 0 after the top level");
        assertEquals(0, g.levelOffset(1));
        assertEquals(12288, g.treeSize());
        // 128 * 128 blocks + 1 needs a third level.
        assertEquals(3, VerityGeometry.forDataSize((128L * 128 + 1) * 4096).levels());
        assertThrows(IllegalArgumentException.class, () -> VerityGeometry.forDataSize(0));
        assertThrows(IllegalArgumentException.class, () -> VerityGeometry.forDataSize(4097));
    }

    @Test
    void offsetDataAreaHashesLikeAStandaloneOne() throws Exception {
        // The runtime hashes fs.img inside the NPK at its zip data offset.
        Path data = VerityFixtures.specData(tmp, 3);
        Path shifted = tmp.resolve("shifted.img");
        try (FileChannel in = FileChannel.open(data, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(shifted, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            out.write(ByteBuffer.wrap(new byte[12345]));
            in.transferTo(0, in.size(), out);
            VerityTree a = VerityTree.build(in, 0, 3 * 4096, VerityFixtures.SPEC_SALT);
            VerityTree b = VerityTree.build(out, 12345, 3 * 4096, VerityFixtures.SPEC_SALT);
            assertArrayEquals(a.rootHash(), b.rootHash());
            assertArrayEquals(a.toBytes(), b.toBytes());
        }
    }

    @Test
    void superblockRoundTripsAndMatchesTheSpecLayout() throws Exception {
        VeritySuperblock sb = VeritySuperblock.of(VerityFixtures.SPEC_UUID, VerityFixtures.SPEC_SALT, 300);
        byte[] bytes = sb.toBytes();
        assertEquals(4096, bytes.length);
        assertEquals("7665726974790000" + "01000000" + "01000000" + "101112131415161718191a1b1c1d1e1f",
                HexFormat.of().formatHex(bytes, 0, 32));
        assertEquals("sha256", new String(bytes, 32, 6, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("00100000" + "00100000" + "2c01000000000000" + "2000" + "000000000000",
                HexFormat.of().formatHex(bytes, 64, 88));
        VeritySuperblock parsed = VeritySuperblock.parse(ByteBuffer.wrap(bytes));
        assertEquals(sb.uuid(), parsed.uuid());
        assertArrayEquals(sb.salt(), parsed.salt());
        assertEquals(300, parsed.dataBlocks());
        byte[] badAlgorithm = bytes.clone();
        badAlgorithm[32] = 'S';
        assertEquals("verity superblock: unsupported hash algorithm \"Sha256\" (expected sha256)",
                assertThrows(io.northstar.npk.NpkException.class, () -> VeritySuperblock.parse(ByteBuffer.wrap(badAlgorithm))).getMessage());
        byte[] badMagic = bytes.clone();
        badMagic[0] = 'V';
        assertThrows(io.northstar.npk.NpkException.class, () -> VeritySuperblock.parse(ByteBuffer.wrap(badMagic)));
        byte[] badBlockSize = bytes.clone();
        badBlockSize[65] = 0x02;
        assertThrows(io.northstar.npk.NpkException.class, () -> VeritySuperblock.parse(ByteBuffer.wrap(badBlockSize)));
    }
}
