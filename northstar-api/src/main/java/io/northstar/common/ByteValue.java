package io.northstar.common;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A value that is a fixed string of bytes (a digest, a key, a token): two values are equal when they are of the same
 * class and hold the same bytes. The comparison takes the same time wherever the bytes differ, so comparing a token or
 * a hash received from outside with a known one reveals nothing about how much of it matched.
 *
 * <p>A subclass hands over an array nobody else holds and never changes it; it decides how it is shown
 * ({@code toString}) and whether its bytes leave it.
 */
public abstract class ByteValue {
    private final byte[] bytes;

    protected ByteValue(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * A copy of {@code bytes} for a subclass's constructor, which holds exactly {@code length} bytes;
     * {@code what} names the value for the message, e.g. "a SHA-256 digest".
     */
    protected static byte[] copyOfLength(byte[] bytes, int length, String what) {
        if (bytes.length != length) {
            throw new IllegalArgumentException(what + " has " + length + " bytes, not " + bytes.length);
        }
        return bytes.clone();
    }

    /** The bytes themselves, not a copy: for reading by the subclass only. */
    protected final byte[] raw() {
        return bytes;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && MessageDigest.isEqual(bytes, ((ByteValue) o).bytes);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
