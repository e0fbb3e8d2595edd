package io.northstar.npk.key;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

/**
 * {@link VerifyingKey#verifyStrict} checks the cofactorless equation with the JDK's Ed25519; this
 * compares it with the equation evaluated directly in {@link EdwardsPoint} arithmetic (ed25519-dalek's
 * {@code verify_strict}: R must be the encoding of [S]B - [k]A) on valid signatures, signatures whose R
 * carries a torsion component (S adjusted so that only the cofactored equation holds), S + L, and
 * flipped bits.
 */
class StrictVerificationReferenceTest {
    private static final BigInteger L = EdwardsPoint.L;
    /** A point of order 8 (KeysTest uses the same). */
    private static final EdwardsPoint T8 = EdwardsPoint.decode(HexFormat.of().parseHex(
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")).orElseThrow();

    @Test
    void agreesWithTheEquationInEdwardsArithmetic() throws Exception {
        Random random = new Random(20261122);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 40; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            SigningKey key = SigningKey.of(seed);
            byte[] pk = key.verifyingKey().toBytes();
            byte[] message = ("message " + i).getBytes(StandardCharsets.UTF_8);
            BigInteger a = scalar(seed);
            BigInteger r = new BigInteger(250, random);
            for (int torsion = 0; torsion < 8; torsion++) {
                EdwardsPoint rPoint = EdwardsPoint.BASE.multiply(r);
                for (int t = 0; t < torsion; t++) {
                    rPoint = rPoint.add(T8);
                }
                byte[] rBytes = rPoint.encode();
                BigInteger k = k(rBytes, pk, message);
                byte[] sig = concat(rBytes, le(r.add(k.multiply(a)).mod(L)));
                for (byte[] variant : new byte[][] {sig, withS(sig, le(EdwardsPoint.littleEndian(
                        Arrays.copyOfRange(sig, 32, 64)).add(L))), flip(sig, random.nextInt(512))}) {
                    boolean expected = reference(pk, message, variant);
                    assertEquals(expected, key.verifyingKey().verifyStrict(message, variant),
                            "key " + i + ", torsion " + torsion + ", signature " + HexFormat.of().formatHex(variant));
                    if (expected) {
                        accepted++;
                    } else {
                        rejected++;
                    }
                }
            }
        }
        // Both outcomes were exercised: 40 plain valid signatures and many rejections.
        assertEquals(40, accepted);
        assertEquals(40 * 8 * 3 - 40, rejected);
    }

    @Test
    void acceptsTheKeysBouncyCastleAccepts() {
        Random random = new Random(7);
        int valid = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] encoded = new byte[32];
            random.nextBytes(encoded);
            if (i % 4 == 0) {
                // A quarter are real public keys, so that both outcomes are compared.
                encoded = SigningKey.of(encoded).verifyingKey().toBytes();
            }
            boolean bc = Ed25519.validatePublicKeyPartial(encoded, 0);
            boolean ours;
            try {
                VerifyingKey.of(encoded);
                ours = true;
            } catch (io.northstar.npk.NpkException e) {
                ours = false;
            }
            assertEquals(bc, ours, HexFormat.of().formatHex(encoded));
            valid += bc ? 1 : 0;
        }
        assertEquals(true, valid > 500 && valid < 2000, valid + " valid keys");
    }

    /** dalek verify_strict in EdwardsPoint arithmetic: the code VerifyingKey used before the JDK's Ed25519. */
    private static boolean reference(byte[] pk, byte[] message, byte[] sig) throws Exception {
        byte[] r = Arrays.copyOfRange(sig, 0, 32);
        if (VerifyingKey.hasSmallOrder(pk) || VerifyingKey.hasSmallOrder(r)) {
            return false;
        }
        if (!Ed25519.verify(sig, 0, pk, 0, message, 0, message.length)) {
            return false;
        }
        BigInteger s = EdwardsPoint.littleEndian(Arrays.copyOfRange(sig, 32, 64));
        if (s.compareTo(L) >= 0) {
            return false;
        }
        EdwardsPoint a = EdwardsPoint.decode(pk).orElseThrow();
        byte[] expectedR = EdwardsPoint.BASE.multiply(s).add(a.negate().multiply(k(r, pk, message))).encode();
        return Arrays.equals(expectedR, r);
    }

    private static BigInteger scalar(byte[] seed) throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-512").digest(seed);
        h[0] &= (byte) 248;
        h[31] &= 127;
        h[31] |= 64;
        return EdwardsPoint.littleEndian(Arrays.copyOf(h, 32));
    }

    private static BigInteger k(byte[] r, byte[] pk, byte[] message) throws Exception {
        MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
        sha512.update(r);
        sha512.update(pk);
        sha512.update(message);
        return EdwardsPoint.littleEndian(sha512.digest()).mod(L);
    }

    private static byte[] le(BigInteger v) {
        byte[] out = new byte[32];
        byte[] be = v.toByteArray();
        for (int i = 0; i < be.length && i < 32; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    private static byte[] concat(byte[] r, byte[] s) {
        byte[] sig = Arrays.copyOf(r, 64);
        System.arraycopy(s, 0, sig, 32, 32);
        return sig;
    }

    private static byte[] withS(byte[] sig, byte[] s) {
        return concat(Arrays.copyOf(sig, 32), s);
    }

    private static byte[] flip(byte[] sig, int bit) {
        byte[] copy = sig.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }
}
