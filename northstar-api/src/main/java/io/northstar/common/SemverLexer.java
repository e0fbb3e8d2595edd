package io.northstar.common;

/**
 * Cursor over a version or version requirement, following the grammar and the
 * error cases of Rust's {@code semver} 1.0 parser (numbers without leading zeros
 * that fit in u64; dot-separated alphanumeric identifiers).
 */
final class SemverLexer {
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private final String text;
    private int pos;

    SemverLexer(String text) {
        this.text = text;
    }

    SyntaxError error(String message) {
        return new SyntaxError(message);
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    int peek() {
        return atEnd() ? -1 : text.charAt(pos);
    }

    String peekQuoted() {
        return atEnd() ? "end of input" : "'" + Printable.of(String.valueOf(text.charAt(pos))) + "'";
    }

    boolean accept(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    void expect(char c, String after) throws SyntaxError {
        if (!accept(c)) {
            throw atEnd()
                    ? error("unexpected end of input while parsing " + next(after) + " version number")
                    : error("unexpected character " + peekQuoted() + " after " + after + " version number");
        }
    }

    private static String next(String after) {
        return switch (after) {
            case "major" -> "minor";
            case "minor" -> "patch";
            default -> after;
        };
    }

    void skipSpaces() {
        while (peek() == ' ') {
            pos++;
        }
    }

    boolean acceptWildcard() {
        int c = peek();
        if (c == '*' || c == 'x' || c == 'X') {
            pos++;
            return true;
        }
        return false;
    }

    boolean startsWithWildcard() {
        int c = peek();
        return c == '*' || c == 'x' || c == 'X';
    }

    /** A decimal u64 without a leading zero. */
    long number(String what) throws SyntaxError {
        int start = pos;
        while (!atEnd() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 0x80) {
            pos++;
        }
        if (start == pos) {
            throw atEnd()
                    ? error("unexpected end of input while parsing " + what + " version number")
                    : error("unexpected character " + peekQuoted() + " while parsing " + what + " version number");
        }
        String digits = text.substring(start, pos);
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            throw error("invalid leading zero in " + what + " version number");
        }
        try {
            return Long.parseUnsignedLong(digits);
        } catch (NumberFormatException e) {
            throw error("value of " + what + " version number exceeds u64::MAX");
        }
    }

    /**
     * Dot-separated identifiers of {@code [0-9A-Za-z-]}. Returns what was read
     * (empty when no identifier starts here). Numeric pre-release identifiers
     * must not have leading zeros.
     */
    String identifiers(boolean preRelease) throws SyntaxError {
        int start = pos;
        while (true) {
            int segStart = pos;
            boolean nonDigit = false;
            while (!atEnd()) {
                char c = text.charAt(pos);
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-') {
                    nonDigit = true;
                } else if (!(c >= '0' && c <= '9')) {
                    break;
                }
                pos++;
            }
            int len = pos - segStart;
            if (len == 0) {
                if (pos == start && peek() != '.') {
                    return "";
                }
                throw error("empty identifier segment in " + (preRelease ? "pre-release identifier" : "build metadata"));
            }
            if (preRelease && len > 1 && !nonDigit && text.charAt(segStart) == '0') {
                throw error("invalid leading zero in pre-release identifier");
            }
            if (!accept('.')) {
                return text.substring(start, pos);
            }
        }
    }
}
