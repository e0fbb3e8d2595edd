package io.northstar.npk;

import io.northstar.npk.zip.EntryPart;
import io.northstar.npk.zip.ZipFormatException;
import io.northstar.npk.zip.ZipWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NPKs that must be rejected, each with a message naming what failed. */
class NpkRejectionTest {
    @TempDir
    Path tmp;

    private static final byte[] MANIFEST = "name: x\nversion: 0.0.1\nuid: 1\ngid: 1\n".getBytes(StandardCharsets.UTF_8);

    private interface Build {
        void into(ZipWriter zip) throws Exception;
    }

    private Path zip(Build build, String comment) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ZipWriter zip = new ZipWriter(Channels.newChannel(bytes));
        build.into(zip);
        zip.finish(comment.getBytes(StandardCharsets.UTF_8));
        return TestVectors.write(tmp, "test.npk", bytes.toByteArray());
    }

    /** An NPK of {@code manifest} and a 4096-byte image aligned to {@code alignment} bytes (0: not aligned). */
    private Path npk(byte[] manifest, int alignment, String comment) throws Exception {
        return zip(z -> {
            z.add("manifest.yaml", manifest);
            z.add("fs.img", List.of(new EntryPart.Bytes(new byte[4096])), alignment);
        }, comment);
    }

    /** A well-formed NPK with {@code comment} as its meta. */
    private Path npk(String comment) throws Exception {
        return npk(MANIFEST, 4096, comment);
    }

    private String rejectUnverified(Path file) {
        return assertThrows(NpkException.class, () -> Npk.read(file, Optional.empty())).getMessage();
    }

    @Test
    void wellFormedUnsignedNpkIsAccepted() throws Exception {
        Path file = npk("version: 0.9.0\n");
        Npk npk = Npk.read(file, Optional.empty());
        assertEquals("0.9.0", npk.meta().version().toString());
    }

    @Test
    void compressedEntry() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("manifest.yaml"));
            z.write(MANIFEST);
            z.closeEntry();
            z.putNextEntry(new ZipEntry("fs.img"));
            z.write(new byte[4096]);
            z.closeEntry();
            z.setComment("version: 0.9.3\n");
        }
        Path file = TestVectors.write(tmp, "deflated.npk", bytes.toByteArray());
        assertEquals("entry manifest.yaml is compressed (method 8); NPK entries must be stored uncompressed",
                rejectUnverified(file));
    }

    @Test
    void duplicateNames() throws Exception {
        Path file = zip(z -> {
            z.add("manifest.yaml", MANIFEST);
            z.add("manifest.yamX", MANIFEST);
            z.add("fs.img", List.of(new EntryPart.Bytes(new byte[4096])), 4096);
        }, "version: 0.9.3\n");
        byte[] b = Files.readAllBytes(file);
        String s = new String(b, StandardCharsets.ISO_8859_1).replace("manifest.yamX", "manifest.yaml");
        Files.write(file, s.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("duplicate entry name manifest.yaml in the zip archive", rejectUnverified(file));
    }

    @Test
    void missingEntries() throws Exception {
        Path noImage = zip(z -> z.add("manifest.yaml", MANIFEST), "version: 0.9.3\n");
        assertEquals("missing entry fs.img in the NPK", rejectUnverified(noImage));
        Path noManifest = zip(z -> z.add("fs.img", List.of(new EntryPart.Bytes(new byte[4096])), 4096), "version: 0.9.3\n");
        assertEquals("missing entry manifest.yaml in the NPK", rejectUnverified(noManifest));
    }

    @Test
    void unalignedImage() throws Exception {
        Path file = npk(MANIFEST, 0, "version: 0.9.3\n");
        String message = rejectUnverified(file);
        assertTrue(message.startsWith("fs.img: data offset 116 is not a multiple of 4096"), message);
    }

    @Test
    void commentVersionBelow09() throws Exception {
        Path file = npk("version: 0.8.9\n");
        assertEquals("zip comment (NPK meta): NPK version format 0.8.9 doesn't match required version >=0.9",
                rejectUnverified(file));
    }

    @Test
    void commentThatIsNotMeta() throws Exception {
        for (String comment : new String[] {"", "hello", "version: x\n", "[1, 2]"}) {
            Path file = npk(comment);
            String message = rejectUnverified(file);
            assertTrue(message.startsWith("zip comment (NPK meta): "), message);
        }
    }

    @Test
    void futureVersionsAndPreReleasesAreAccepted() throws Exception {
        for (String comment : new String[] {"version: 0.9.2\n", "version: 1.0.0\n", "version: 0.9.3-pre\nextra: 1\n"}) {
            Path file = npk(comment);
            Npk.read(file, Optional.empty());
        }
    }

    @Test
    void invalidManifest() throws Exception {
        Path file = npk("name: x\nversion: 0.0.1\n".getBytes(StandardCharsets.UTF_8), 4096, "version: 0.9.3\n");
        String message = rejectUnverified(file);
        assertTrue(message.startsWith("manifest.yaml: failed to parse manifest: missing field `uid`"), message);
        Path notUtf8 = npk(new byte[] {'n', (byte) 0xC3}, 4096, "version: 0.9.3\n");
        assertEquals("manifest.yaml: not valid UTF-8", rejectUnverified(notUtf8));
    }

    @Test
    void notAZipOrTruncated() throws Exception {
        Path garbage = TestVectors.write(tmp, "garbage.npk", "this is not a zip file at all".getBytes(StandardCharsets.UTF_8));
        assertThrows(ZipFormatException.class, () -> Npk.read(garbage, Optional.empty()));
        byte[] hello = TestVectors.helloNpk();
        Path cut = TestVectors.write(tmp, "cut.npk", java.util.Arrays.copyOf(hello, hello.length - 30));
        assertThrows(ZipFormatException.class, () -> Npk.read(cut, Optional.empty()));
        Path empty = TestVectors.write(tmp, "empty.npk", new byte[0]);
        assertThrows(ZipFormatException.class, () -> Npk.read(empty, Optional.empty()));
    }

    @Test
    void signedNpkWithTamperedHashesButValidSignatureByOtherKeyIsRejected() throws Exception {
        // An attacker re-signs with their own key: the repository key rejects it.
        byte[] image = new byte[4096];
        Path img = TestVectors.write(tmp, "fs.img", image);
        Path out = tmp.resolve("other.npk");
        var otherKey = io.northstar.npk.key.SigningKey.generate(new java.security.SecureRandom());
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
            NpkWriter.write(out, NpkMeta.current(), MANIFEST, ch, 4096,
                    Optional.of(NpkWriter.Signing.random(otherKey, new java.security.SecureRandom())));
        }
        NpkException e = assertThrows(NpkException.class, () -> Npk.read(out, Optional.of(TestVectors.northstarPub())));
        assertTrue(e.getMessage().startsWith("signature.yaml: invalid signature"), e.getMessage());
        Npk.read(out, Optional.of(otherKey.verifyingKey()));
    }

    @Test
    void signatureFileShapes() {
        String hashes = NpkWriterTest.SIGNATURE_YAML.substring(0, NpkWriterTest.SIGNATURE_YAML.indexOf("---"));
        assertMessage("signature.yaml: malformed signatures file", hashes);
        assertMessage("signature.yaml: signature is not canonical base64",
                NpkWriterTest.SIGNATURE_YAML.replace("Dg==", "Dh=="));
        assertMessage("signature.yaml: signature has 63 bytes", NpkWriterTest.SIGNATURE_YAML.replace("KuetDg==", "Kuet"));
        assertMessage("signature.yaml: hashes document has no fs.img.verity-offset",
                NpkWriterTest.SIGNATURE_YAML.replace("  verity-offset: 8192\n", ""));
        assertMessage("signature.yaml: meta.hash: ", NpkWriterTest.SIGNATURE_YAML.replace("hash: a133", "hash: x133"));
        assertMessage("signature.yaml: not valid UTF-8", new byte[] {(byte) 0xff, '-', '-', '-'});
    }

    @Test
    void signatureParsesRegardlessOfKeyOrderAndHexCase() throws Exception {
        String reordered = "fs.img:\n  verity-offset: 8192\n  verity-hash: BD780675F50010ED023FD1F07E98F029A6AAF25A8F6EE33EC94B4B4E847E4B2E\n"
                + "manifest.yaml:\n  hash: 729e78217867b036a8d1223415be1cc834c4a6b043edf2ce4a464f40e9514be9\n"
                + "meta: {hash: a133e6b65f3f3e67d00a651eab8b5f1672881497c63c780b52f37e4c7382ca65}\nextra: 1\n"
                + "---\nsignature: VJaWaWpMFHT0mGNam1EomXQVxyhuVdl812Cg6Nf6xSInArX+igaJhEEVLugeSHU7c9Ov7q3m/DQYiB+hKuetDg==\n---\nignored";
        NpkSignature s = NpkSignature.parse(reordered.getBytes(StandardCharsets.UTF_8));
        assertEquals(8192, s.hashes().verityOffset());
        assertEquals("bd780675f50010ed023fd1f07e98f029a6aaf25a8f6ee33ec94b4b4e847e4b2e", s.hashes().verityHash().hex());
        // The signature covers the document as found in the file, so this reordered one does not verify.
        assertThrows(NpkException.class, () -> s.verify(TestVectors.northstarPub()));
        NpkSignature original = NpkSignature.parse(NpkWriterTest.SIGNATURE_YAML.getBytes(StandardCharsets.UTF_8));
        original.verify(TestVectors.northstarPub());
    }

    private static void assertMessage(String prefix, String entry) {
        assertMessage(prefix, entry.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertMessage(String prefix, byte[] entry) {
        NpkException e = assertThrows(NpkException.class, () -> NpkSignature.parse(entry));
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
