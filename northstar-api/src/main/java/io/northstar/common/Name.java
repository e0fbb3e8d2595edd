package io.northstar.common;

import java.util.Objects;

/**
 * A container name: 1 to 1024 bytes of {@code [0-9A-Za-z._-]}.
 *
 * <p>As in Northstar, {@code .} and {@code ..} are valid names. Code that puts a
 * name into a file path takes it through {@link #fileName()}, never {@link #value()}.
 */
public record Name(String value) implements StringValue<Name> {
    public static final int MAX_LENGTH = 1024;

    public Name {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new InvalidValueException("invalid name \"\": must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidValueException("invalid name: longer than " + MAX_LENGTH + " bytes (" + value.length() + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isNameChar(c)) {
                throw new InvalidValueException("invalid name \"" + Printable.of(value) + "\": character "
                        + Printable.of(String.valueOf(c)) + " at position " + i + " is not one of [0-9A-Za-z._-]");
            }
        }
    }

    public static Name of(String value) {
        return new Name(value);
    }

    /**
     * This name as one file name inside a runtime directory (persist directory, cgroup, ...).
     * The alphabet has no {@code /}, so a name is one path component; but {@code .} and {@code ..}
     * denote the directory itself or its parent, never a directory of their own, and are refused.
     *
     * @throws InvalidValueException for {@code .} and {@code ..}
     */
    public String fileName() {
        if (value.equals(".") || value.equals("..")) {
            throw new InvalidValueException("name \"" + value + "\" cannot be used as a file name:"
                    + " it denotes a directory itself or its parent");
        }
        return value;
    }

    static boolean isNameChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || c == '.' || c == '_' || c == '-';
    }

    @Override
    public String toString() {
        return value;
    }
}
