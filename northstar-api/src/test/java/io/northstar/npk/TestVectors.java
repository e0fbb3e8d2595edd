package io.northstar.npk;

import io.northstar.npk.key.SigningKey;
import io.northstar.npk.key.VerifyingKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/** The shared NPK test vectors (copied from shared/testdata/npk into the test resources). */
public final class TestVectors {
    public static final String HELLO_ROOT_HASH = "1b103e1e44be873316bb27c13d991061aa8ffcd9cb719590ab834a3a9828323c";

    /** signature.yaml of spec npk-format §12.2. */
    public static final String SPEC_SIGNATURE_YAML = "meta:\n"
            + "  hash: a133e6b65f3f3e67d00a651eab8b5f1672881497c63c780b52f37e4c7382ca65\n"
            + "manifest.yaml:\n"
            + "  hash: 729e78217867b036a8d1223415be1cc834c4a6b043edf2ce4a464f40e9514be9\n"
            + "fs.img:\n"
            + "  verity-hash: bd780675f50010ed023fd1f07e98f029a6aaf25a8f6ee33ec94b4b4e847e4b2e\n"
            + "  verity-offset: 8192\n"
            + "---\n"
            + "signature: VJaWaWpMFHT0mGNam1EomXQVxyhuVdl812Cg6Nf6xSInArX+igaJhEEVLugeSHU7c9Ov7q3m/DQYiB+hKuetDg==";

    private TestVectors() {
    }

    public static byte[] resource(String name) {
        try (InputStream in = TestVectors.class.getResourceAsStream("/npk/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource /npk/" + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] helloNpk() {
        return resource("hello-0.0.2.npk");
    }

    public static VerifyingKey northstarPub() {
        try {
            return VerifyingKey.of(resource("northstar.pub"));
        } catch (NpkException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SigningKey northstarKey() {
        return SigningKey.of(resource("northstar.key"));
    }

    public static Npk readVerified(Path file) throws IOException, NpkException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Npk npk = Npk.readVerified(ch, northstarPub());
            npk.verifyImage(ch);
            return npk;
        }
    }

    /** Data offset of the stored entry {@code name}, found by scanning local headers. */
    public static int dataOffset(byte[] zip, String name) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int p = 0;
        while (b.getInt(p) == 0x04034b50) {
            int nameLength = Short.toUnsignedInt(b.getShort(p + 26));
            int extraLength = Short.toUnsignedInt(b.getShort(p + 28));
            int size = b.getInt(p + 22);
            String n = new String(zip, p + 30, nameLength, java.nio.charset.StandardCharsets.UTF_8);
            int data = p + 30 + nameLength + extraLength;
            if (n.equals(name)) {
                return data;
            }
            p = data + size;
        }
        throw new IllegalArgumentException("no entry " + name);
    }

    public static int entrySize(byte[] zip, String name) {
        int data = dataOffset(zip, name);
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int p = 0;
        while (true) {
            int nameLength = Short.toUnsignedInt(b.getShort(p + 26));
            int extraLength = Short.toUnsignedInt(b.getShort(p + 28));
            if (p + 30 + nameLength + extraLength == data) {
                return b.getInt(p + 22);
            }
            p = p + 30 + nameLength + extraLength + b.getInt(p + 22);
        }
    }

    /**
     * Recomputes the CRC-32 of entry {@code name} in its local and central
     * headers, so that a tampered entry gets past the zip layer and hits the
     * signature checks.
     */
    public static void fixCrc(byte[] zip, String name) {
        int data = dataOffset(zip, name);
        int size = entrySize(zip, name);
        CRC32 crc = new CRC32();
        crc.update(zip, data, size);
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        byte[] nameBytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int p = 0; p + 46 < zip.length; p++) {
            int sig = b.getInt(p);
            if (sig == 0x04034b50 && Short.toUnsignedInt(b.getShort(p + 26)) == nameBytes.length
                    && matches(zip, p + 30, nameBytes)) {
                b.putInt(p + 14, (int) crc.getValue());
            } else if (sig == 0x02014b50 && Short.toUnsignedInt(b.getShort(p + 28)) == nameBytes.length
                    && matches(zip, p + 46, nameBytes)) {
                b.putInt(p + 16, (int) crc.getValue());
            }
        }
    }

    private static boolean matches(byte[] zip, int at, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (zip[at + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    public static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }
}
