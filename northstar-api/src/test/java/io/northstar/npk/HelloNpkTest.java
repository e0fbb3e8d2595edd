package io.northstar.npk;

import io.northstar.npk.key.SigningKey;
import io.northstar.npk.key.VerifyingKey;
import io.northstar.npk.verity.VerityException;
import io.northstar.npk.verity.VerityFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared vector hello-0.0.2.npk: reading, verification and tamper detection. */
class HelloNpkTest {
    @TempDir
    Path tmp;

    @Test
    void readsAndVerifiesWithNorthstarPub() throws Exception {
        Path file = TestVectors.write(tmp, "hello.npk", TestVectors.helloNpk());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Npk npk = Npk.readVerified(ch, TestVectors.northstarPub());
            assertEquals(List.of("manifest.yaml", "signature.yaml", "fs.img"), npk.entryNames());
            assertEquals("0.9.3", npk.meta().version().toString());
            assertEquals("version: 0.9.3\n", new String(npk.metaBytes(), StandardCharsets.UTF_8));
            assertEquals("name: hello\nversion: 0.0.2\ninit: /hello\nenv:\n  HELLO: north\nuid: 100\ngid: 1\n", npk.manifestText());
            assertEquals(new FsImage(4096, 8192), npk.fsImage());
            assertEquals("hello:0.0.2", npk.manifest().container().toString());
            assertEquals(100, npk.manifest().uid());
            assertEquals(1, npk.manifest().gid());
            assertFalse(npk.manifest().isResource());
            NpkVerity verity = npk.verity().orElseThrow();
            assertEquals(TestVectors.HELLO_ROOT_HASH, verity.rootHash().hex());
            assertEquals(4096, verity.dataSize());
            assertEquals(1, verity.dataBlocks());
            assertEquals(2, verity.hashStartBlock());
            assertEquals(8192, verity.superblockOffset());
            assertEquals(12288, verity.hashOffset());
            assertEquals(32, verity.superblock().salt().length);
            assertEquals(1, verity.superblock().dataBlocks());
            HashesDocument hashes = npk.signature().orElseThrow().hashes();
            assertEquals(Sha256.digest(npk.manifestBytes()), hashes.manifest());
            assertEquals("a133e6b65f3f3e67d00a651eab8b5f1672881497c63c780b52f37e4c7382ca65", hashes.meta().hex());
            npk.verifyImage(ch);
        }
    }

    @Test
    void readsUnverifiedWithoutChecks() throws Exception {
        Path file = TestVectors.write(tmp, "hello.npk", TestVectors.helloNpk());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Npk npk = Npk.readUnverified(ch);
            assertTrue(npk.signature().isEmpty());
            assertTrue(npk.verity().isEmpty());
            assertTrue(npk.signatureEntry().isPresent());
            assertEquals(new FsImage(4096, 8192), npk.fsImage());
            assertThrows(IllegalStateException.class, () -> npk.verifyImage(ch));
        }
    }

    @Test
    void unverifiedLoadIgnoresADamagedSignature() throws Exception {
        byte[] copy = TestVectors.helloNpk();
        copy[TestVectors.dataOffset(copy, "signature.yaml") + 3] ^= 1;
        Npk npk = Npk.readUnverified(new InMemoryChannel(copy));
        assertTrue(new String(npk.signatureEntry().orElseThrow(), StandardCharsets.UTF_8).startsWith("met`:\n"));
        assertThrows(NpkException.class, () -> Npk.readVerified(new InMemoryChannel(copy), TestVectors.northstarPub()));
    }

    @Test
    void readsFromAnySeekableChannel() throws Exception {
        // The runtime may hand us a memfd or another non-FileChannel source.
        byte[] npkBytes = TestVectors.helloNpk();
        var channel = new InMemoryChannel(npkBytes);
        Npk npk = Npk.readVerified(channel, TestVectors.northstarPub());
        assertEquals("hello", npk.manifestText().lines().findFirst().orElseThrow().substring(6));
    }

    @Test
    void wrongKeyIsRejected() throws Exception {
        Path file = TestVectors.write(tmp, "hello.npk", TestVectors.helloNpk());
        VerifyingKey other = SigningKey.generate(new SecureRandom()).verifyingKey();
        NpkException e = assertThrows(NpkException.class, () -> Npk.read(file, Optional.of(other)));
        assertTrue(e.getMessage().startsWith("signature.yaml: invalid signature"), e.getMessage());
    }

    @Test
    void everyManifestByteFlipIsRejectedNamingTheManifest() throws Exception {
        flipEach("manifest.yaml", false, "manifest.yaml: CRC-32 mismatch");
        flipEach("manifest.yaml", true, "manifest.yaml: invalid manifest hash");
    }

    @Test
    void everySignatureByteFlipIsRejectedNamingTheSignature() throws Exception {
        flipEach("signature.yaml", false, "signature.yaml: CRC-32 mismatch");
        flipEach("signature.yaml", true, "signature.yaml: ");
    }

    @Test
    void everyCommentByteFlipIsRejectedNamingTheMeta() throws Exception {
        byte[] original = TestVectors.helloNpk();
        int commentStart = original.length - 15;
        for (int i = commentStart; i < original.length; i++) {
            byte[] copy = original.clone();
            copy[i] ^= 0x01;
            String message = loadRejection(copy);
            assertTrue(message.startsWith("zip comment (NPK meta): invalid meta hash"), "byte " + i + ": " + message);
        }
    }

    @Test
    void everyImageByteFlipIsRejectedWithTheFailingBlock() throws Exception {
        // Loading reads nothing of the squashfs, so load once and flip each byte in place before verifying.
        byte[] original = TestVectors.helloNpk();
        Path file = TestVectors.write(tmp, "flipped.npk", original);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Npk npk = Npk.readVerified(ch, TestVectors.northstarPub());
            for (int at = 4096; at < 8192; at++) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (original[at] ^ 0x01)}), at);
                VerityException e = assertThrows(VerityException.class, () -> npk.verifyImage(ch), "byte " + at);
                assertEquals(new VerityFailure.DataBlock(0), e.failure());
                assertTrue(e.getMessage().startsWith("fs.img: verity: data block 0 "), "byte " + at + ": " + e.getMessage());
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {original[at]}), at);
            }
            npk.verifyImage(ch);
        }
    }

    @Test
    void superblockFlipsAreRejectedNamingTheImage() throws Exception {
        byte[] original = TestVectors.helloNpk();
        // The fields the verification depends on: magic, version, hash type, algorithm, block sizes, data blocks,
        // salt size and salt bytes.
        for (int offset : new int[] {0, 7, 8, 12, 32, 37, 64, 68, 72, 80, 88, 100, 119}) {
            byte[] copy = original.clone();
            copy[8192 + offset] ^= 0x01;
            String message = rejection(copy);
            assertTrue(message.startsWith("fs.img: "), "superblock byte " + offset + ": " + message);
        }
    }

    @Test
    void bytesOutsideTheCoveredPartsDoNotMatterToTheChecks() throws Exception {
        // Control for the flip tests: the zero padding of the alignment extra field is not covered by anything.
        byte[] copy = TestVectors.helloNpk();
        copy[1000] ^= 0x01;
        Npk npk = TestVectors.readVerified(TestVectors.write(tmp, "padding.npk", copy));
        assertFalse(npk.entryNames().isEmpty());
    }

    private void flipEach(String entry, boolean fixCrc, String expectedPrefix) throws Exception {
        byte[] original = TestVectors.helloNpk();
        int start = TestVectors.dataOffset(original, entry);
        int size = TestVectors.entrySize(original, entry);
        for (int i = start; i < start + size; i++) {
            byte[] copy = original.clone();
            copy[i] ^= 0x01;
            if (fixCrc) {
                TestVectors.fixCrc(copy, entry);
            }
            String message = loadRejection(copy);
            assertTrue(message.startsWith(expectedPrefix), "byte " + i + ": " + message);
        }
    }

    private String rejection(byte[] npk) throws Exception {
        Path file = TestVectors.write(tmp, "flipped.npk", npk);
        NpkException e = assertThrows(NpkException.class, () -> TestVectors.readVerified(file));
        return e.getMessage();
    }

    /** Loading only (manifest, signature, comment): from memory, no file needed. */
    private static String loadRejection(byte[] npk) {
        NpkException e = assertThrows(NpkException.class, () -> Npk.readVerified(new InMemoryChannel(npk), TestVectors.northstarPub()));
        return e.getMessage();
    }

    @Test
    void repackingTheVectorsPartsGivesTheIdenticalFile() throws Exception {
        // The vector was written by an independent implementation of the Rust writer: same manifest, image,
        // salt, UUID and key must give the same bytes.
        byte[] original = TestVectors.helloNpk();
        Path file = TestVectors.write(tmp, "hello.npk", original);
        Npk npk;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            npk = Npk.readVerified(ch, TestVectors.northstarPub());
        }
        NpkVerity verity = npk.verity().orElseThrow();
        byte[] squashfs = java.util.Arrays.copyOfRange(original, 4096, 4096 + 4096);
        Path image = TestVectors.write(tmp, "fs.img", squashfs);
        Path out = tmp.resolve("repacked.npk");
        try (FileChannel img = FileChannel.open(image, StandardOpenOption.READ)) {
            NpkWriter.write(out, NpkMeta.current(), npk.manifestBytes(), img, squashfs.length,
                    Optional.of(new NpkWriter.Signing(TestVectors.northstarKey(), verity.superblock().salt(),
                            verity.superblock().uuid())));
        }
        assertArrayEquals(original, java.nio.file.Files.readAllBytes(out));
    }
}
