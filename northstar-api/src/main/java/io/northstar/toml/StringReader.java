package io.northstar.toml;

/** The four kinds of TOML string: basic {@code "..."}, literal {@code '...'} and their multi-line forms. */
final class StringReader {
    private StringReader() {
    }

    /** A string starting at the cursor (on its first quote); {@code key} refuses the multi-line forms. */
    static String read(Cursor in, boolean key) throws TomlException {
        int start = in.offset();
        char quote = (char) in.peek();
        String triple = quote == '"' ? "\"\"\"" : "'''";
        if (in.lookingAt(triple)) {
            if (key) {
                throw in.error("a key cannot be a multi-line string");
            }
            in.skip(3);
            return multiLine(in, quote, start);
        }
        in.skip(1);
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.peek();
            if (c == Cursor.END || c == '\n' || c == '\r') {
                throw in.errorAt(start, "unterminated string: expected " + quote + " before the end of the line");
            }
            checkNotControl(in, c);
            in.skip(1);
            if (c == quote) {
                return b.toString();
            }
            if (c == '\\' && quote == '"') {
                escape(in, b);
            } else {
                b.append((char) c);
            }
        }
    }

    private static String multiLine(Cursor in, char quote, int start) throws TomlException {
        // a line end right after the opening quotes is not part of the string
        in.newline();
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.peek();
            if (c == Cursor.END) {
                throw in.errorAt(start, "unterminated multi-line string: expected " + String.valueOf(quote).repeat(3));
            }
            if (c == quote && in.peek(1) == quote && in.peek(2) == quote) {
                in.skip(3);
                // up to two more quotes belong to the string: """a""""" is a"" followed by the closing """
                for (int extra = 0; extra < 2 && in.peek() == quote; extra++) {
                    b.append(quote);
                    in.skip(1);
                }
                return b.toString();
            }
            if (in.newline()) {
                b.append('\n');
            } else if (c == '\\' && quote == '"') {
                in.skip(1);
                if (!lineEndingBackslash(in)) {
                    escape(in, b);
                }
            } else {
                checkNotControl(in, c);
                b.append((char) c);
                in.skip(1);
            }
        }
    }

    /**
     * After a backslash: if only spaces are left on the line, the backslash, the line end and all
     * white space up to the next other character are dropped.
     */
    private static boolean lineEndingBackslash(Cursor in) throws TomlException {
        int ahead = 0;
        while (in.peek(ahead) == ' ' || in.peek(ahead) == '\t') {
            ahead++;
        }
        if (in.peek(ahead) != '\n' && in.peek(ahead) != '\r') {
            return false;
        }
        in.skip(ahead);
        while (true) {
            if (in.peek() == ' ' || in.peek() == '\t') {
                in.skip(1);
            } else if (!in.newline()) {
                return true;
            }
        }
    }

    /** The escape after a backslash (already taken). */
    private static void escape(Cursor in, StringBuilder b) throws TomlException {
        int at = in.offset() - 1;
        int c = in.next();
        switch (c) {
            case 'b' -> b.append('\b');
            case 't' -> b.append('\t');
            case 'n' -> b.append('\n');
            case 'f' -> b.append('\f');
            case 'r' -> b.append('\r');
            case '"' -> b.append('"');
            case '\\' -> b.append('\\');
            case 'u' -> b.appendCodePoint(unicode(in, at, 4));
            case 'U' -> b.appendCodePoint(unicode(in, at, 8));
            case Cursor.END -> throw in.errorAt(at, "unterminated string: expected an escape after '\\'");
            default -> throw in.errorAt(at, "invalid escape sequence \\" + printable(c)
                    + ", expected one of \\b \\t \\n \\f \\r \\\" \\\\ \\uHHHH \\UHHHHHHHH");
        }
    }

    private static int unicode(Cursor in, int at, int digits) throws TomlException {
        int value = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(in.peek(), 16);
            if (d < 0 || in.peek() > 'f') {
                throw in.errorAt(at, "invalid unicode escape: expected " + digits + " hexadecimal digits after \\"
                        + (digits == 4 ? "u" : "U"));
            }
            value = value * 16 + d;
            in.skip(1);
            if (value > Character.MAX_CODE_POINT) {
                throw in.errorAt(at, "invalid unicode escape: beyond U+10FFFF");
            }
        }
        if (value >= Character.MIN_SURROGATE && value <= Character.MAX_SURROGATE) {
            throw in.errorAt(at, "invalid unicode escape " + Cursor.codePoint(value)
                    + ": a surrogate is not a Unicode scalar value");
        }
        return value;
    }

    private static void checkNotControl(Cursor in, int c) throws TomlException {
        if (Cursor.isControl(c)) {
            throw in.error("control character " + Cursor.codePoint(c) + " is not allowed in a string"
                    + " (a basic string may write it as an escape)");
        }
    }

    private static String printable(int c) {
        return Cursor.isControl(c) || c == '\n' || c == '\r' ? Cursor.codePoint(c) : String.valueOf((char) c);
    }
}
