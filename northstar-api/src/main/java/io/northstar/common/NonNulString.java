package io.northstar.common;

import java.util.Objects;

/**
 * A string without U+0000. Used for init, arguments and environment, which end
 * up as C strings in execve(2): a NUL would silently truncate them.
 */
public record NonNulString(String value) implements StringValue<NonNulString> {

    public NonNulString {
        Objects.requireNonNull(value, "value");
        int nul = value.indexOf('\0');
        if (nul >= 0) {
            throw new InvalidValueException("string contains a NUL byte at position " + nul);
        }
    }

    public static NonNulString of(String value) {
        return new NonNulString(value);
    }

    /** Length of the UTF-8 encoding, which is what Northstar's length rules count. */
    public int utf8Length() {
        return Utf8.length(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
