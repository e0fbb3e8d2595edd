package io.northstar.npk;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.northstar.npk.key.SigningKey;
import io.northstar.npk.key.VerifyingKey;
import io.northstar.npk.verity.VerityException;
import io.northstar.npk.verity.VerityGeometry;
import io.northstar.npk.verity.VeritySuperblock;
import io.northstar.npk.verity.VerityTree;
import io.northstar.npk.zip.EntryPart;
import io.northstar.npk.zip.ZipWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz targets for the NPK reader: the zip directory and entries, the meta, signature.yaml,
 * the verity superblock and the hash tree.
 *
 * <p>Expected outcomes: an {@link Npk}, or {@link NpkException} (including its subclasses
 * {@code ZipFormatException} and {@code VerityException}). The archive is read from memory, so an
 * {@link IOException} means a malformed archive was reported as an I/O failure: a finding, like
 * any other exception, a hang or running out of memory.
 *
 * <p>A fuzzer cannot forge an Ed25519 signature, so {@link #signed} signs what it builds with the
 * test key: its input becomes the data, superblock and hash tree of {@code fs.img} (a correct
 * image with fuzzed bytes patched in, or raw bytes) and the signed verity offset and root hash;
 * the NPK then goes through {@link Npk#readVerified} and the user-space verity check.
 * Without {@code JAZZER_FUZZ} these replay the corpus in
 * {@code src/test/resources/io/northstar/npk/NpkFuzzTestInputs/<method>/}.
 */
class NpkFuzzTest {
    private static final SigningKey KEY = TestVectors.northstarKey();
    private static final VerifyingKey PUB = TestVectors.northstarPub();
    private static final byte[] MANIFEST = ("name: hello\nversion: 0.0.2\ninit: /hello\nuid: 100\ngid: 1\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final int B = 4096;
    private static Path scratch;

    @BeforeAll
    static void scratchFile() throws IOException {
        scratch = Files.createTempFile("npk-fuzz", ".npk");
    }

    @AfterAll
    static void removeScratchFile() throws IOException {
        Files.deleteIfExists(scratch);
    }

    /** Any bytes as an NPK in a repository without key. */
    @FuzzTest
    void unverified(byte[] input) throws IOException {
        try {
            Npk npk = Npk.readUnverified(new InMemoryChannel(input));
            npk.manifest().toYaml();
        } catch (NpkException e) {
            // expected for malformed input
        }
    }

    /** Any bytes as an NPK in a repository with the test key (stops at the signature unless it is intact). */
    @FuzzTest
    void verified(byte[] input) throws IOException {
        try {
            Npk.readVerified(new InMemoryChannel(input), PUB);
        } catch (NpkException e) {
            // expected for malformed input
        }
    }

    /** signature.yaml on its own: parsed and checked against the test key. */
    @FuzzTest
    void signature(byte[] input) {
        try {
            NpkSignature.parse(input).verify(PUB);
        } catch (NpkException e) {
            // expected for malformed input
        }
    }

    /**
     * A validly signed NPK whose fs.img the fuzzer shapes. From the end of the input: number of
     * data blocks (1..3), whether to build a correct image and patch it (else raw bytes), the salt
     * length, up to 8 patches (region: data, superblock header, hash tree; offset; byte) and a cut
     * off the end; from the front: the salt and the data (zero padded), or the root hash and the
     * raw image.
     */
    @FuzzTest
    void signed(FuzzedDataProvider data) throws IOException {
        int blocks = data.consumeInt(1, 3);
        long verityOffset = (long) blocks * B;
        boolean patch = data.consumeBoolean();
        int saltLength = data.consumeInt(0, 40);
        int treeSize = (int) VerityGeometry.forDataSize(verityOffset).treeSize();
        int fsSize = (int) verityOffset + VeritySuperblock.SIZE + treeSize;
        int[] patchAt = new int[data.consumeInt(0, 8)];
        byte[] patchWith = new byte[patchAt.length];
        for (int i = 0; i < patchAt.length; i++) {
            patchAt[i] = switch (data.consumeInt(0, 2)) {
                case 0 -> data.consumeInt(0, (int) verityOffset - 1);
                case 1 -> (int) verityOffset + data.consumeInt(0, 88 + saltLength);
                default -> treeSize == 0 ? fsSize - 1 : fsSize - treeSize + data.consumeInt(0, treeSize - 1);
            };
            patchWith[i] = data.consumeByte();
        }
        int cut = data.consumeInt(0, 2 * B);
        byte[] salt = Arrays.copyOf(data.consumeBytes(saltLength), saltLength);
        byte[] rootHash;
        byte[] fs;
        if (patch) {
            byte[] image = Arrays.copyOf(data.consumeBytes((int) verityOffset), (int) verityOffset);
            VerityTree tree = tree(image, salt);
            byte[] superblock = VeritySuperblock.of(new UUID(1, 2), salt, blocks).toBytes();
            byte[] treeBytes = tree.toBytes();
            fs = new byte[fsSize];
            System.arraycopy(image, 0, fs, 0, image.length);
            System.arraycopy(superblock, 0, fs, image.length, superblock.length);
            System.arraycopy(treeBytes, 0, fs, image.length + superblock.length, treeBytes.length);
            for (int i = 0; i < patchAt.length; i++) {
                fs[patchAt[i]] = patchWith[i];
            }
            fs = Arrays.copyOf(fs, fs.length - cut);
            rootHash = tree.rootHash();
        } else {
            rootHash = Arrays.copyOf(data.consumeBytes(32), 32);
            fs = data.consumeRemainingAsBytes();
        }
        byte[] npkBytes = signedNpk(fs, verityOffset, rootHash);
        Npk npk;
        try {
            npk = Npk.readVerified(new InMemoryChannel(npkBytes), PUB);
        } catch (NpkException e) {
            return;
        }
        Files.write(scratch, npkBytes);
        try (FileChannel channel = FileChannel.open(scratch, StandardOpenOption.READ)) {
            npk.verifyImage(channel);
        } catch (VerityException e) {
            // expected for a corrupted image
        }
    }

    private static VerityTree tree(byte[] image, byte[] salt) throws IOException {
        Files.write(scratch, image);
        try (FileChannel channel = FileChannel.open(scratch, StandardOpenOption.READ)) {
            return VerityTree.build(channel, 0, image.length, salt, 1);
        }
    }

    private static byte[] signedNpk(byte[] fs, long verityOffset, byte[] rootHash) {
        NpkMeta meta = NpkMeta.current();
        HashesDocument hashes = new HashesDocument(Sha256.digest(meta.toBytes()), Sha256.digest(MANIFEST),
                Sha256.of(rootHash), verityOffset);
        NpkSignature signature = NpkSignature.create(hashes, KEY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ZipWriter zip = new ZipWriter(Channels.newChannel(out));
            zip.add(Npk.MANIFEST, MANIFEST);
            zip.add(NpkSignature.ENTRY, signature.toBytes());
            zip.add(FsImage.ENTRY, List.of(new EntryPart.Bytes(fs)), FsImage.ALIGNMENT);
            zip.finish(meta.toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
