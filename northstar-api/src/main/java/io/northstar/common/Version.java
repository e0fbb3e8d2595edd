package io.northstar.common;

import java.util.Objects;

/**
 * A container version: {@code MAJOR.MINOR.PATCH}. Parsed with the strict SemVer
 * 2.0 rules of Rust's {@code semver} crate; a pre-release or build suffix is
 * accepted and dropped, as Northstar does, so {@code 1.0.0-rc.1} becomes
 * {@code 1.0.0}. Components are unsigned 64-bit numbers and compare unsigned.
 */
public record Version(long major, long minor, long patch) implements Comparable<Version> {

    public static Version of(long major, long minor, long patch) {
        return new Version(major, minor, patch);
    }

    /** Parses a version; the message of the exception says what is wrong and where. */
    public static Version parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            SemverLexer lexer = new SemverLexer(text);
            if (text.isEmpty()) {
                throw lexer.error("empty string, expected a semver version");
            }
            long major = lexer.number("major");
            lexer.expect('.', "major");
            long minor = lexer.number("minor");
            lexer.expect('.', "minor");
            long patch = lexer.number("patch");
            String position = "patch";
            if (lexer.accept('-')) {
                position = "pre-release";
                if (lexer.identifiers(true).isEmpty()) {
                    throw lexer.error("empty identifier segment in pre-release identifier");
                }
            }
            if (lexer.accept('+')) {
                position = "build metadata";
                if (lexer.identifiers(false).isEmpty()) {
                    throw lexer.error("empty identifier segment in build metadata");
                }
            }
            if (!lexer.atEnd()) {
                throw lexer.error("unexpected character " + lexer.peekQuoted() + " after " + position + " version number");
            }
            return new Version(major, minor, patch);
        } catch (SemverLexer.SyntaxError e) {
            throw new InvalidValueException("invalid version \"" + Printable.of(text) + "\": " + e.getMessage());
        }
    }

    @Override
    public int compareTo(Version o) {
        int c = Long.compareUnsigned(major, o.major);
        if (c == 0) {
            c = Long.compareUnsigned(minor, o.minor);
        }
        if (c == 0) {
            c = Long.compareUnsigned(patch, o.patch);
        }
        return c;
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(major) + "." + Long.toUnsignedString(minor) + "." + Long.toUnsignedString(patch);
    }
}
