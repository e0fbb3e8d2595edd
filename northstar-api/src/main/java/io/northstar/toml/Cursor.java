package io.northstar.toml;

/**
 * The text being read and the place in it. Positions for messages are counted on demand; they
 * are asked for in document order, so counting resumes where the last one ended and the whole
 * text is counted about once however many keys it has.
 */
final class Cursor {
    static final int END = -1;

    private final String text;
    private int offset;
    private int countedOffset;
    private int countedLine = 1;
    private int countedColumn = 1;

    Cursor(String text) {
        this.text = text;
    }

    int offset() {
        return offset;
    }

    boolean atEnd() {
        return offset >= text.length();
    }

    /** The character at the cursor, or {@link #END}. */
    int peek() {
        return peek(0);
    }

    int peek(int ahead) {
        int i = offset + ahead;
        return i < text.length() ? text.charAt(i) : END;
    }

    boolean lookingAt(String s) {
        return text.startsWith(s, offset);
    }

    /** The character at the cursor; the cursor moves past it. */
    int next() {
        return offset < text.length() ? text.charAt(offset++) : END;
    }

    void skip(int n) {
        offset += n;
    }

    /** Takes {@code c} if it is next. */
    boolean take(int c) {
        if (peek() == c) {
            offset++;
            return true;
        }
        return false;
    }

    String slice(int from, int to) {
        return text.substring(from, to);
    }

    void skipSpaces() {
        while (peek() == ' ' || peek() == '\t') {
            offset++;
        }
    }

    /** True at a line end: LF, CRLF, or a CR that is followed by nothing valid (reported by {@link #newline}). */
    boolean atNewline() {
        return peek() == '\n' || peek() == '\r';
    }

    /** Takes a line end (LF or CRLF) if one is next; a CR without LF is an error. */
    boolean newline() throws TomlException {
        if (peek() == '\n') {
            offset++;
            return true;
        }
        if (peek() == '\r') {
            if (peek(1) != '\n') {
                throw error("a carriage return must be followed by a line feed");
            }
            offset += 2;
            return true;
        }
        return false;
    }

    /** Skips a comment if one starts here; its text may hold no control characters but tab. */
    void skipComment() throws TomlException {
        if (peek() != '#') {
            return;
        }
        offset++;
        while (!atEnd() && !atNewline()) {
            int c = peek();
            if (isControl(c)) {
                throw error("control character " + codePoint(c) + " is not allowed in a comment");
            }
            offset++;
        }
    }

    /** Spaces, a comment, then the end of the line or of the text. */
    void endOfLine(String after) throws TomlException {
        skipSpaces();
        skipComment();
        if (!atEnd() && !newline()) {
            throw expected("a new line after " + after);
        }
    }

    /** Spaces, comments and line ends, as allowed between the items of an array. */
    void skipBlankLines() throws TomlException {
        while (true) {
            skipSpaces();
            skipComment();
            if (!newline()) {
                return;
            }
        }
    }

    static boolean isControl(int c) {
        return c >= 0 && c < 0x20 && c != '\t' || c == 0x7f;
    }

    static String codePoint(int c) {
        return String.format("U+%04X", c);
    }

    TomlPosition position(int at) {
        if (at < countedOffset) {
            countedOffset = 0;
            countedLine = 1;
            countedColumn = 1;
        }
        int end = Math.min(at, text.length());
        int i = countedOffset;
        int line = countedLine;
        int column = countedColumn;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
            } else if (!(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)))) {
                column++;
            }
            i++;
        }
        countedOffset = i;
        countedLine = line;
        countedColumn = column;
        return new TomlPosition(line, column);
    }

    TomlException error(String reason) {
        return errorAt(offset, reason);
    }

    TomlException errorAt(int at, String reason) {
        return new TomlException(position(at), reason);
    }

    /** "expected X, found Y" at the cursor. */
    TomlException expected(String what) {
        return error("expected " + what + ", found " + found());
    }

    /** What is at the cursor, for a message. */
    String found() {
        int c = peek();
        if (c == END) {
            return "end of input";
        }
        if (c == '\n' || c == '\r') {
            return "end of line";
        }
        if (isControl(c)) {
            return "control character " + codePoint(c);
        }
        return "'" + new String(Character.toChars(text.codePointAt(offset))) + "'";
    }
}
