package io.northstar.npk.key;

import io.northstar.common.ByteValue;
import io.northstar.npk.NpkException;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * An Ed25519 public key: 32 raw bytes in a {@code .pub} file (docs/npk-format.md, "Keys"). {@link #verifyStrict}
 * follows ed25519-dalek's {@code verify_strict}, which the Rust runtime uses.
 */
public final class VerifyingKey extends ByteValue {
    public static final int SIZE = Ed25519.PUBLIC_KEY_SIZE;
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** y of the points of order 8; the other one is p - Y8. */
    private static final BigInteger Y8 =
            new BigInteger("2707385501144840649318225287225658788936804267575313519463743609750303402022");
    /**
     * y coordinates of the eight points of small order (the torsion subgroup):
     * identity (y=1), order 2 (y=-1), order 4 (y=0), order 8 (y=±Y8).
     */
    private static final Set<BigInteger> SMALL_ORDER_Y =
            Set.of(BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE), Y8, P.subtract(Y8));

    /** The same key for the JDK's verifier; benign race: any thread may build it. */
    private volatile PublicKey jdkKey;

    private VerifyingKey(byte[] key) {
        super(key);
    }

    static VerifyingKey trusted(byte[] key) {
        return new VerifyingKey(key);
    }

    /**
     * A public key from its 32-byte encoding.
     *
     * @throws NpkException if the length is wrong or the bytes are not a point
     *                      of the curve (the Rust runtime refuses to start then)
     */
    public static VerifyingKey of(byte[] encoded) throws NpkException {
        if (encoded.length != SIZE) {
            throw new NpkException("an Ed25519 public key has 32 bytes, not " + encoded.length);
        }
        // What BouncyCastle's validatePublicKeyPartial accepts: RFC 8032 decoding (canonical y, x
        // recoverable) and not of small order. Not BouncyCastle itself: its first use builds tables
        // that cost ~0.5 s of a runtime's start (docs/performance.md).
        if (EdwardsPoint.decode(encoded).isEmpty() || hasSmallOrder(encoded)) {
            throw new NpkException("public key " + HexFormat.of().formatHex(encoded) + " is not a valid Ed25519 point");
        }
        return new VerifyingKey(encoded.clone());
    }

    /** Reads a {@code .pub} file: exactly 32 bytes. */
    public static VerifyingKey read(Path file) throws IOException, NpkException {
        long size = Files.size(file);
        if (size != SIZE) {
            throw new NpkException("public key file " + file + " has " + size + " bytes; an Ed25519 public key has 32");
        }
        try {
            return of(Files.readAllBytes(file));
        } catch (NpkException e) {
            throw new NpkException("public key file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Strict Ed25519 verification as ed25519-dalek {@code verify_strict}:
     * RFC 8032 with a canonical {@code S < L}; a public key or {@code R} of
     * small order is rejected; and {@code R} must be exactly the encoding of
     * {@code [S]B - [k]A}. BouncyCastle's {@code Ed25519.verify} would check the
     * equation with the cofactor (it accepts an {@code R} with a torsion
     * component, which dalek rejects), so the cofactorless equation is
     * checked instead (with the JDK's Ed25519).
     *
     * @return whether {@code signature} is a valid signature of {@code message}
     */
    public boolean verifyStrict(byte[] message, byte[] signature) {
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        byte[] r = Arrays.copyOfRange(signature, 0, 32);
        if (hasSmallOrder(raw()) || !canonicalY(r) || hasSmallOrder(r)) {
            return false;
        }
        // BouncyCastle's (cofactored) verify is implied by the cofactorless equation, which is checked alone.
        return cofactorlessEquationHolds(message, signature);
    }

    /**
     * {@code [S]B = R + [k]A} without the cofactor, and {@code S < L}: the JDK's Ed25519 (SunEC)
     * checks exactly this (RFC 8032 §5.1.7 with the cofactorless equation, canonical S and R),
     * in constant-size field arithmetic. It replaces a BigInteger evaluation that cost ~40 ms per
     * signature without C2 and dominated loading a repository (docs/performance.md); with R
     * canonical and both points decoded, the points are equal exactly when R's bytes equal the
     * encoding of [S]B - [k]A, which is dalek's check.
     */
    private boolean cofactorlessEquationHolds(byte[] message, byte[] signature) {
        BigInteger s = EdwardsPoint.littleEndian(Arrays.copyOfRange(signature, 32, 64));
        if (s.compareTo(EdwardsPoint.L) >= 0) {
            return false;
        }
        try {
            Signature jdk = Signature.getInstance("Ed25519");
            jdk.initVerify(jdkKey());
            jdk.update(message);
            return jdk.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            return false;
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("the JDK has no Ed25519 (SunEC)", e);
        }
    }

    private PublicKey jdkKey() throws NoSuchAlgorithmException, InvalidKeySpecException {
        PublicKey k = jdkKey;
        if (k == null) {
            boolean xOdd = (raw()[31] & 0x80) != 0;
            EdECPoint point = new EdECPoint(xOdd, y(raw()));
            k = KeyFactory.getInstance("Ed25519").generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
            jdkKey = k;
        }
        return k;
    }

    /** Whether the encoded point lies in the torsion subgroup (identified by y alone). */
    static boolean hasSmallOrder(byte[] encodedPoint) {
        return SMALL_ORDER_Y.contains(y(encodedPoint).mod(P));
    }

    private static boolean canonicalY(byte[] encodedPoint) {
        return y(encodedPoint).compareTo(P) < 0;
    }

    private static BigInteger y(byte[] encodedPoint) {
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = encodedPoint[31 - i];
        }
        be[0] &= 0x7f; // the top bit is the sign of x
        return new BigInteger(1, be);
    }

    public byte[] toBytes() {
        return raw().clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(raw());
    }

    @Override
    public String toString() {
        return hex();
    }
}
