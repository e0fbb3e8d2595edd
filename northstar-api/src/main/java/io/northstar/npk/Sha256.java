package io.northstar.npk;

import io.northstar.common.ByteValue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A SHA-256 digest value (32 bytes); renders as lowercase hex as Northstar writes it. */
public final class Sha256 extends ByteValue {
    public static final int LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();

    private Sha256(byte[] bytes) {
        super(bytes);
    }

    public static Sha256 of(byte[] digest) {
        return new Sha256(copyOfLength(digest, LENGTH, "a SHA-256 digest"));
    }

    /** Digest of {@code data}. */
    public static Sha256 digest(byte[] data) {
        return new Sha256(newDigest().digest(data));
    }

    /**
     * Parses 64 hex digits; upper and lower case are accepted as by the Rust
     * runtime ({@code hex::decode}).
     */
    public static Sha256 parseHex(String hex) throws NpkException {
        if (hex.length() != 2 * LENGTH) {
            throw new NpkException("\"" + abbreviate(hex) + "\" is not a SHA-256 hash: expected 64 hex digits, found "
                    + hex.length() + " characters");
        }
        try {
            return new Sha256(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new NpkException("\"" + abbreviate(hex) + "\" is not a SHA-256 hash: not hex");
        }
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public byte[] bytes() {
        return raw().clone();
    }

    public String hex() {
        return HEX.formatHex(raw());
    }

    @Override
    public String toString() {
        return hex();
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }
}
