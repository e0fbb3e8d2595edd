package io.northstar.npk;

import io.northstar.npk.key.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The complete signed NPK of spec npk-format §12.2 and writer properties. */
class NpkWriterTest {
    static final byte[] MANIFEST =
            "name: hello\nversion: 0.0.2\ninit: /hello\nenv:\n  HELLO: north\nuid: 100\ngid: 1\n".getBytes(StandardCharsets.UTF_8);
    static final String SIGNATURE_YAML = TestVectors.SPEC_SIGNATURE_YAML;

    @TempDir
    Path tmp;

    private NpkWriter.Signing specSigning() {
        byte[] salt = new byte[32];
        for (int i = 0; i < 32; i++) {
            salt[i] = (byte) i;
        }
        return new NpkWriter.Signing(TestVectors.northstarKey(), salt, UUID.fromString("10111213-1415-1617-1819-1a1b1c1d1e1f"));
    }

    private Path specImage() throws Exception {
        byte[] image = new byte[8192];
        Arrays.fill(image, 4096, 8192, (byte) 1);
        return TestVectors.write(tmp, "fs.img", image);
    }

    @Test
    void specCompleteSignedNpk() throws Exception {
        Path image = specImage();
        Path out = tmp.resolve("spec.npk");
        NpkWriter.Result result;
        try (FileChannel img = FileChannel.open(image, StandardOpenOption.READ)) {
            result = NpkWriter.write(out, NpkMeta.current(), MANIFEST, img, 8192, Optional.of(specSigning()));
        }
        byte[] npk = Files.readAllBytes(out);
        assertEquals(24205, npk.length);
        assertEquals(new FsImage(4096, 16384), result.fsImage());
        byte[] signature = result.signature().orElseThrow().toBytes();
        assertEquals(SIGNATURE_YAML, new String(signature, StandardCharsets.UTF_8));
        assertEquals(380, signature.length);

        ByteBuffer b = ByteBuffer.wrap(npk).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x04034b50, b.getInt(0));
        assertEquals(43, TestVectors.dataOffset(npk, "manifest.yaml"));
        assertEquals(0x04034b50, b.getInt(119));
        assertEquals(163, TestVectors.dataOffset(npk, "signature.yaml"));
        assertEquals(0x04034b50, b.getInt(543));
        assertEquals(3517, Short.toUnsignedInt(b.getShort(543 + 28)));
        assertEquals("1ea1b90d0010000000", HexFormat.of().formatHex(npk, 543 + 36, 543 + 45));
        assertEquals(4096, TestVectors.dataOffset(npk, "fs.img"));
        assertEquals(0x02014b50, b.getInt(20480));
        assertEquals(0x06054b50, b.getInt(24168));
        assertEquals(3688, b.getInt(24168 + 12));
        assertEquals(20480, b.getInt(24168 + 16));
        assertEquals("version: 0.9.3\n", new String(npk, 24190, 15, StandardCharsets.US_ASCII));
        // Central directory repeats the alignment extra field and carries UNIX mode 0644.
        int fsCentral = 20480 + 46 + 13 + 46 + 14;
        assertEquals(0x02014b50, b.getInt(fsCentral));
        assertEquals(0x030A, Short.toUnsignedInt(b.getShort(fsCentral + 4)));
        assertEquals(3517, Short.toUnsignedInt(b.getShort(fsCentral + 30)));
        assertEquals(0x81A40000, b.getInt(fsCentral + 38));
        assertEquals(543, b.getInt(fsCentral + 42));

        Npk read = TestVectors.readVerified(out);
        assertEquals("bd780675f50010ed023fd1f07e98f029a6aaf25a8f6ee33ec94b4b4e847e4b2e", read.verity().orElseThrow().rootHash().hex());
    }

    @Test
    void javaUtilZipReadsOurArchive() throws Exception {
        Path image = specImage();
        Path out = tmp.resolve("spec.npk");
        try (FileChannel img = FileChannel.open(image, StandardOpenOption.READ)) {
            NpkWriter.write(out, NpkMeta.current(), MANIFEST, img, 8192, Optional.of(specSigning()));
        }
        try (ZipFile zip = new ZipFile(out.toFile())) {
            assertEquals("version: 0.9.3\n", zip.getComment());
            assertArrayEquals(MANIFEST, zip.getInputStream(zip.getEntry("manifest.yaml")).readAllBytes());
            byte[] fs = zip.getInputStream(zip.getEntry("fs.img")).readAllBytes();
            assertEquals(16384, fs.length);
            assertEquals(1, fs[8191]);
        }
    }

    @Test
    void unsignedNpkHasNoSignatureAndOnlyTheImage() throws Exception {
        Path image = TestVectors.write(tmp, "odd.img", new byte[5000]);
        Path out = tmp.resolve("unsigned.npk");
        try (FileChannel img = FileChannel.open(image, StandardOpenOption.READ)) {
            NpkWriter.Result r = NpkWriter.write(out, NpkMeta.current(), MANIFEST, img, 5000, Optional.empty());
            assertTrue(r.signature().isEmpty());
            assertEquals(5000, r.fsImage().size());
        }
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.READ)) {
            Npk npk = Npk.readUnverified(ch);
            assertEquals(java.util.List.of("manifest.yaml", "fs.img"), npk.entryNames());
            assertEquals(0, npk.fsImage().offset() % 4096);
            NpkException e = assertThrows(NpkException.class, () -> Npk.readVerified(ch, TestVectors.northstarPub()));
            assertTrue(e.getMessage().startsWith("failed to locate signature.yaml"), e.getMessage());
        }
    }

    @Test
    void signingAnUnalignedImageFailsAndLeavesNothing() throws Exception {
        Path image = TestVectors.write(tmp, "odd.img", new byte[5000]);
        Path out = tmp.resolve("bad.npk");
        try (FileChannel img = FileChannel.open(image, StandardOpenOption.READ)) {
            var e = assertThrows(java.io.IOException.class, () -> NpkWriter.write(out, NpkMeta.current(), MANIFEST, img, 5000,
                    Optional.of(NpkWriter.Signing.random(SigningKey.generate(new SecureRandom()), new SecureRandom()))));
            assertTrue(e.getMessage().contains("not a positive multiple of 4096"), e.getMessage());
        }
        try (var files = Files.list(tmp)) {
            assertEquals(java.util.List.of("odd.img"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void randomSigningUsesFreshSaltAndVersion4Uuid() {
        SigningKey key = SigningKey.generate(new SecureRandom());
        NpkWriter.Signing a = NpkWriter.Signing.random(key, new SecureRandom());
        NpkWriter.Signing b = NpkWriter.Signing.random(key, new SecureRandom());
        assertEquals(32, a.salt().length);
        assertFalse(Arrays.equals(a.salt(), b.salt()));
        assertEquals(4, a.uuid().version());
        assertEquals(2, a.uuid().variant());
    }

    @Test
    void largeImageRoundTripsWithAMultiLevelTree() throws Exception {
        // 300 blocks: two stored levels; fs.img = image + superblock + 16384 bytes of tree.
        byte[] data = new byte[300 * 4096];
        new java.util.Random(3).nextBytes(data);
        Path image = TestVectors.write(tmp, "big.img", data);
        Path out = tmp.resolve("big.npk");
        SigningKey key = SigningKey.generate(new SecureRandom());
        try (FileChannel img = FileChannel.open(image, StandardOpenOption.READ)) {
            NpkWriter.write(out, NpkMeta.current(), MANIFEST, img, data.length, Optional.of(NpkWriter.Signing.random(key, new SecureRandom())));
        }
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.READ)) {
            Npk npk = Npk.readVerified(ch, key.verifyingKey());
            assertEquals(data.length + 4096 + 16384, npk.fsImage().size());
            npk.verifyImage(ch);
        }
        // A flipped byte in a tree block is reported as that hash block.
        byte[] npkBytes = Files.readAllBytes(out);
        int treeStart = 4096 + data.length + 4096;
        npkBytes[treeStart + 4096 + 10] ^= 1; // level 0, block 0
        Path bad = TestVectors.write(tmp, "bad.npk", npkBytes);
        try (FileChannel ch = FileChannel.open(bad, StandardOpenOption.READ)) {
            Npk npk = Npk.readVerified(ch, key.verifyingKey());
            var e = assertThrows(io.northstar.npk.verity.VerityException.class, () -> npk.verifyImage(ch));
            assertEquals(new io.northstar.npk.verity.VerityFailure.HashBlock(0, 0, 1), e.failure());
            assertTrue(e.getMessage().startsWith("fs.img: verity: hash block 0 of tree level 0"), e.getMessage());
        }
    }
}
