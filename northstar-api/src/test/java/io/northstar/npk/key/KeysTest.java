package io.northstar.npk.key;

import io.northstar.npk.NpkException;
import io.northstar.npk.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeysTest {
    private static final BigInteger L =
            BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    @TempDir
    Path tmp;

    @Test
    void demoKeyPairMatchesTheSpec() {
        SigningKey key = TestVectors.northstarKey();
        assertEquals("0ca91331f86ea8e8202b8071dc7f1c803033dcb1f502188abbd8249c218eb021", key.verifyingKey().hex());
        assertEquals(TestVectors.northstarPub(), key.verifyingKey());
    }

    @Test
    void signaturesAreDeterministicAndMatchTheSpecVector() {
        String document = TestVectors.SPEC_SIGNATURE_YAML.substring(0,
                TestVectors.SPEC_SIGNATURE_YAML.indexOf("---"));
        byte[] sig = TestVectors.northstarKey().sign(document.getBytes(StandardCharsets.UTF_8));
        assertEquals("VJaWaWpMFHT0mGNam1EomXQVxyhuVdl812Cg6Nf6xSInArX+igaJhEEVLugeSHU7c9Ov7q3m/DQYiB+hKuetDg==",
                Base64.getEncoder().encodeToString(sig));
        assertTrue(TestVectors.northstarPub().verifyStrict(document.getBytes(StandardCharsets.UTF_8), sig));
    }

    @Test
    void genKeyWritesRaw32BytePairAndNeverOverwrites() throws Exception {
        KeyPairFiles files = KeyPairFiles.forName(tmp, "repo");
        SigningKey key = files.generate(new SecureRandom());
        assertEquals(tmp.resolve("repo.key"), files.secretKey());
        assertEquals(32, Files.size(files.secretKey()));
        assertEquals(32, Files.size(files.publicKey()));
        assertEquals(key, SigningKey.read(files.secretKey()));
        assertEquals(key.verifyingKey(), VerifyingKey.read(files.publicKey()));
        byte[] before = Files.readAllBytes(files.secretKey());
        assertThrows(FileAlreadyExistsException.class, () -> files.generate(new SecureRandom()));
        assertArrayEquals(before, Files.readAllBytes(files.secretKey()));

        // Only the public key exists: still refused, and no secret key is created.
        KeyPairFiles other = KeyPairFiles.forName(tmp, "other");
        Files.write(other.publicKey(), new byte[32]);
        assertThrows(FileAlreadyExistsException.class, () -> other.generate(new SecureRandom()));
        assertFalse(Files.exists(other.secretKey()));
    }

    @Test
    void nameExtensionIsReplacedLikeRustWithExtension() {
        assertEquals(tmp.resolve("repo.key"), KeyPairFiles.forName(tmp, "repo.v1").secretKey());
        assertEquals(tmp.resolve(".hidden.pub"), KeyPairFiles.forName(tmp, ".hidden").publicKey());
    }

    @Test
    void keyFilesOfWrongLength() throws Exception {
        Path shortKey = TestVectors.write(tmp, "short.key", new byte[31]);
        assertThrows(NpkException.class, () -> SigningKey.read(shortKey));
        Path longKey = TestVectors.write(tmp, "long.key", new byte[40]);
        assertEquals(SigningKey.of(new byte[32]), SigningKey.read(longKey), "trailing bytes are ignored, as by the packer");
        Path longPub = TestVectors.write(tmp, "long.pub", new byte[33]);
        NpkException e = assertThrows(NpkException.class, () -> VerifyingKey.read(longPub));
        assertTrue(e.getMessage().contains("33 bytes"), e.getMessage());
        // y = 2 is not on the curve (x^2 = 3/(4d+1) has no root).
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2;
        Path bad = TestVectors.write(tmp, "bad.pub", notAPoint);
        assertThrows(NpkException.class, () -> VerifyingKey.read(bad));
    }

    @Test
    void strictVerificationRejectsNonCanonicalS() {
        byte[] message = "m".getBytes(StandardCharsets.UTF_8);
        SigningKey key = SigningKey.generate(new SecureRandom());
        byte[] sig = key.sign(message);
        assertTrue(key.verifyingKey().verifyStrict(message, sig));
        BigInteger s = littleEndian(sig, 32).add(L);
        byte[] malleated = sig.clone();
        System.arraycopy(toLittleEndian(s), 0, malleated, 32, 32);
        assertFalse(key.verifyingKey().verifyStrict(message, malleated));
        assertFalse(key.verifyingKey().verifyStrict(message, java.util.Arrays.copyOf(sig, 63)));
        byte[] otherMessage = "n".getBytes(StandardCharsets.UTF_8);
        assertFalse(key.verifyingKey().verifyStrict(otherMessage, sig));
    }

    @Test
    void strictVerificationRejectsSmallOrderKeyAndR() throws Exception {
        // Identity as public key and R, S = 0: [S]B = R + [k]A holds for every message.
        byte[] identity = new byte[32];
        identity[0] = 1;
        // BouncyCastle already refuses the neutral element as a key; the strict check must reject it on its own too.
        assertThrows(NpkException.class, () -> VerifyingKey.of(identity));
        VerifyingKey weak = VerifyingKey.trusted(identity);
        byte[] sig = new byte[64];
        sig[0] = 1;
        assertFalse(weak.verifyStrict("anything".getBytes(StandardCharsets.UTF_8), sig));
        for (String point : new String[] {
            "0100000000000000000000000000000000000000000000000000000000000000",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000080",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        }) {
            assertTrue(VerifyingKey.hasSmallOrder(HexFormat.of().parseHex(point)), point);
        }
        assertFalse(VerifyingKey.hasSmallOrder(TestVectors.northstarPub().toBytes()));
    }

    private static BigInteger littleEndian(byte[] b, int offset) {
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = b[offset + 31 - i];
        }
        return new BigInteger(1, be);
    }

    private static byte[] toLittleEndian(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < Math.min(32, be.length); i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }
}
