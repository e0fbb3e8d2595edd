package io.northstar.runtime.token;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A token as sent on the console: 8 bytes creation time (seconds, big endian) followed by a
 * 32-byte HMAC-SHA256, base64 encoded (56 characters ending in {@code ==}).
 */
public final class Token {

    public static final int LENGTH = 40;
    static final int MAC_LENGTH = 32;

    private final long createdSeconds;
    private final byte[] mac;

    Token(long createdSeconds, byte[] mac) {
        if (mac.length != MAC_LENGTH) {
            throw new IllegalArgumentException("token mac must be " + MAC_LENGTH + " bytes, got " + mac.length);
        }
        this.createdSeconds = createdSeconds;
        this.mac = mac.clone();
    }

    /**
     * Parses the 40 raw bytes of a token.
     *
     * @throws IllegalArgumentException for any other length (the console closes the connection)
     */
    public static Token fromBytes(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a token has " + LENGTH + " bytes, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long t = b.getLong();
        byte[] mac = new byte[MAC_LENGTH];
        b.get(mac);
        return new Token(t, mac);
    }

    /** Parses the base64 text of a token. */
    public static Token fromBase64(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("token is not valid base64: " + e.getMessage(), e);
        }
        return fromBytes(bytes);
    }

    /** Creation time in seconds of the runtime's token clock. Not a wall-clock time. */
    public long createdSeconds() {
        return createdSeconds;
    }

    byte[] mac() {
        return mac.clone();
    }

    boolean macEquals(byte[] other) {
        return MessageDigest.isEqual(mac, other);
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(LENGTH).putLong(createdSeconds).put(mac).array();
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(toBytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Token t && t.createdSeconds == createdSeconds && Arrays.equals(t.mac, mac);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(createdSeconds) * 31 + Arrays.hashCode(mac);
    }

    @Override
    public String toString() {
        return "Token[t=" + createdSeconds + ", mac=" + HexFormat.of().formatHex(mac, 0, 4) + "…]";
    }
}
