package io.northstar.common;

/** Renders user input safely inside an error message (control characters escaped, long input cut). */
final class Printable {
    private static final int MAX = 80;

    private Printable() {
    }

    static String of(String s) {
        String escaped = EscapedText.escape(s);
        return escaped.length() > MAX ? escaped.substring(0, MAX) + "..." : escaped;
    }
}
