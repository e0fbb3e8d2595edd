package io.northstar.common;

/**
 * Text from outside (container output, client strings, NPK entry names, exception messages that
 * quote them) made safe for one log line: line breaks, terminal escape sequences and other
 * control characters become visible escapes, so nothing can end a log or journal line early,
 * start a forged one, or rewrite what a terminal shows. The escape is for reading, not reversible
 * (a backslash stays a backslash).
 */
public final class EscapedText {

    private EscapedText() {
    }

    /** {@code text} with every control character escaped; the same instance if there is none. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c)) {
                b.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x100) {
                        b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else {
                        b.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        return b.toString();
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * C0 controls but tab, DEL, C1 controls (0x9b is a one-byte CSI for some terminals), the Unicode
     * line and paragraph separators, and the bidirectional overrides that reorder what is shown.
     */
    static boolean unsafe(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
