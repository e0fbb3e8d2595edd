package io.northstar.npk.key;

import java.math.BigInteger;
import java.util.Optional;

/**
 * Points of edwards25519 in extended coordinates, just enough for the
 * cofactorless signature equation of strict verification. Only public values
 * pass through here (keys, signatures), so plain BigInteger arithmetic, which
 * is not constant-time, is fine.
 */
final class EdwardsPoint {
    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final BigInteger D2 = D.shiftLeft(1).mod(P);
    private static final BigInteger SQRT_M1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
    static final EdwardsPoint IDENTITY = new EdwardsPoint(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO);
    static final EdwardsPoint BASE = decode(encodeY(BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P), false))
            .orElseThrow();

    private final BigInteger x;
    private final BigInteger y;
    private final BigInteger z;
    private final BigInteger t;

    private EdwardsPoint(BigInteger x, BigInteger y, BigInteger z, BigInteger t) {
        this.x = x;
        this.y = y;
        this.z = z;
        this.t = t;
    }

    static EdwardsPoint affine(BigInteger x, BigInteger y) {
        return new EdwardsPoint(x, y, BigInteger.ONE, x.multiply(y).mod(P));
    }

    /** RFC 8032 §5.1.3 decoding; empty for a non-canonical y or a y that is not on the curve. */
    static Optional<EdwardsPoint> decode(byte[] encoded) {
        boolean sign = (encoded[31] & 0x80) != 0;
        BigInteger y = littleEndian(encoded).clearBit(255);
        if (y.compareTo(P) >= 0) {
            return Optional.empty();
        }
        BigInteger u = y.multiply(y).subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(y).multiply(y).add(BigInteger.ONE).mod(P);
        BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
        BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (!x.multiply(x).mod(P).equals(x2)) {
            x = x.multiply(SQRT_M1).mod(P);
            if (!x.multiply(x).mod(P).equals(x2)) {
                return Optional.empty();
            }
        }
        if (x.signum() == 0 && sign) {
            return Optional.empty();
        }
        if (x.testBit(0) != sign) {
            x = P.subtract(x);
        }
        return Optional.of(affine(x, y));
    }

    /** Extended twisted Edwards addition (a = -1), complete: also doubles. */
    EdwardsPoint add(EdwardsPoint o) {
        BigInteger a = y.subtract(x).multiply(o.y.subtract(o.x)).mod(P);
        BigInteger b = y.add(x).multiply(o.y.add(o.x)).mod(P);
        BigInteger c = t.multiply(D2).mod(P).multiply(o.t).mod(P);
        BigInteger d = z.shiftLeft(1).multiply(o.z).mod(P);
        BigInteger e = b.subtract(a);
        BigInteger f = d.subtract(c);
        BigInteger g = d.add(c);
        BigInteger h = b.add(a);
        return new EdwardsPoint(e.multiply(f).mod(P), g.multiply(h).mod(P), f.multiply(g).mod(P), e.multiply(h).mod(P));
    }

    EdwardsPoint negate() {
        return new EdwardsPoint(P.subtract(x).mod(P), y, z, P.subtract(t).mod(P));
    }

    EdwardsPoint multiply(BigInteger k) {
        EdwardsPoint r = IDENTITY;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            r = r.add(r);
            if (k.testBit(i)) {
                r = r.add(this);
            }
        }
        return r;
    }

    byte[] encode() {
        BigInteger inverse = z.modInverse(P);
        return encodeY(y.multiply(inverse).mod(P), x.multiply(inverse).mod(P).testBit(0));
    }

    private static byte[] encodeY(BigInteger y, boolean xOdd) {
        byte[] out = new byte[32];
        byte[] be = y.toByteArray();
        for (int i = 0; i < be.length && i < 32; i++) {
            out[i] = be[be.length - 1 - i];
        }
        if (xOdd) {
            out[31] |= (byte) 0x80;
        }
        return out;
    }

    /** Unsigned little-endian integer of {@code bytes}. */
    static BigInteger littleEndian(byte[] bytes) {
        byte[] be = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            be[i] = bytes[bytes.length - 1 - i];
        }
        return new BigInteger(1, be);
    }
}
