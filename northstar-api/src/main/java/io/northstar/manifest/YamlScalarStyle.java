package io.northstar.manifest;

import io.northstar.common.RyuFloat;

/**
 * String scalar rendering of serde_yaml 0.9 on top of libyaml: serde_yaml asks
 * for a literal block if the string has a newline, for single quotes if the
 * string would read back as another type (null, bool, number, or digits with a
 * leading zero), otherwise lets libyaml choose; libyaml's scalar analysis then
 * falls back from plain to single to double quotes as needed.
 */
final class YamlScalarStyle {
    enum Style { PLAIN, SINGLE, DOUBLE, LITERAL }

    private static final int BEST_INDENT = 2;

    private YamlScalarStyle() {
    }

    static String render(String text, Style style, int indent) {
        switch (style) {
            case PLAIN:
                return text;
            case SINGLE:
                return singleQuoted(text, indent);
            case LITERAL:
                return literal(text, indent);
            default:
                return doubleQuoted(text);
        }
    }

    static Style choose(String text, boolean key) {
        Style requested;
        if (text.indexOf('\n') >= 0) {
            requested = Style.LITERAL;
        } else if (YamlScalars.resolve(text) != YamlScalars.Type.STRING || YamlScalars.digitsButNotNumber(text)) {
            requested = Style.SINGLE;
        } else {
            requested = Style.PLAIN;
        }
        Analysis a = analyze(text);
        boolean simpleKeyContext = key;
        Style style = requested;
        if (style == Style.PLAIN) {
            if (!a.blockPlainAllowed || (text.isEmpty() && simpleKeyContext)) {
                style = Style.SINGLE;
            }
        }
        if (style == Style.SINGLE && !a.singleQuotedAllowed) {
            style = Style.DOUBLE;
        }
        if (style == Style.LITERAL && (!a.blockAllowed || simpleKeyContext)) {
            style = Style.DOUBLE;
        }
        return style;
    }

    static final class Analysis {
        boolean blockPlainAllowed = true;
        boolean singleQuotedAllowed = true;
        boolean blockAllowed = true;
    }

    private static boolean isBreak(int c) {
        return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    private static boolean isBlankz(int c) {
        return c == ' ' || c == '\t' || isBreak(c) || c == 0;
    }

    /** libyaml's IS_PRINTABLE: note it excludes everything outside the BMP and U+0085. */
    static boolean isPrintable(int c) {
        return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
    }

    static Analysis analyze(String s) {
        Analysis a = new Analysis();
        if (s.isEmpty()) {
            a.blockAllowed = false;
            return a;
        }
        int[] cps = s.codePoints().toArray();
        boolean blockIndicators = false;
        boolean leadingSpace = false;
        boolean leadingBreak = false;
        boolean trailingSpace = false;
        boolean trailingBreak = false;
        boolean breakSpace = false;
        boolean spaceBreak = false;
        boolean previousSpace = false;
        boolean previousBreak = false;
        boolean lineBreaks = false;
        boolean specialCharacters = false;
        if (s.startsWith("---") || s.startsWith("...")) {
            blockIndicators = true;
        }
        boolean precededByWhitespace = true;
        boolean followedByWhitespace = isBlankz(cps.length > 1 ? cps[1] : 0);
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            boolean first = i == 0;
            boolean last = i == cps.length - 1;
            // Indicators, checked as libyaml does, that rule out a plain scalar in block context (the writer
            // emits no flow context, so libyaml's flow indicators do not matter here).
            if (first) {
                blockIndicators |= "#,[]{}&*!|>'\"%@`".indexOf(c) >= 0 || (c == '-' && followedByWhitespace)
                        || ((c == '?' || c == ':') && followedByWhitespace);
            } else {
                blockIndicators |= (c == '#' && precededByWhitespace) || (c == ':' && followedByWhitespace);
            }
            if (!isPrintable(c)) {
                specialCharacters = true;
            }
            boolean space = c == ' ';
            boolean lineBreak = isBreak(c);
            lineBreaks |= lineBreak;
            // Where spaces and breaks stand, and whether a space follows a break or a break a space.
            leadingSpace |= first && space;
            trailingSpace |= last && space;
            breakSpace |= previousBreak && space;
            leadingBreak |= first && lineBreak;
            trailingBreak |= last && lineBreak;
            spaceBreak |= previousSpace && lineBreak;
            previousSpace = space;
            previousBreak = lineBreak;
            precededByWhitespace = isBlankz(c);
            if (i + 1 < cps.length) {
                followedByWhitespace = isBlankz(i + 2 < cps.length ? cps[i + 2] : 0);
            }
        }
        boolean plain = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
            plain = false;
        }
        if (trailingSpace) {
            a.blockAllowed = false;
        }
        if (breakSpace) {
            plain = false;
            a.singleQuotedAllowed = false;
        }
        if (spaceBreak || specialCharacters) {
            plain = false;
            a.singleQuotedAllowed = false;
            a.blockAllowed = false;
        }
        if (lineBreaks) {
            plain = false;
        }
        if (blockIndicators) {
            plain = false;
        }
        a.blockPlainAllowed = plain;
        return a;
    }

    /**
     * Single quotes doubled. The only line breaks that reach this style are
     * U+2028/U+2029 (printable for libyaml); like libyaml we continue the
     * scalar on the next line, indented.
     */
    static String singleQuoted(String s, int indent) {
        StringBuilder b = new StringBuilder("'");
        boolean breaks = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isBreak(c)) {
                b.append(c);
                breaks = true;
                continue;
            }
            if (breaks) {
                b.append(" ".repeat(indent));
                breaks = false;
            }
            b.append(c == '\'' ? "''" : String.valueOf(c));
        }
        if (breaks) {
            b.append(" ".repeat(indent));
        }
        return b.append('\'').toString();
    }

    static String doubleQuoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (!isPrintable(c) || c == 0xFEFF || isBreak(c) || c == '"' || c == '\\') {
                b.append('\\');
                switch (c) {
                    case 0: b.append('0'); break;
                    case 7: b.append('a'); break;
                    case 8: b.append('b'); break;
                    case 9: b.append('t'); break;
                    case 0x0A: b.append('n'); break;
                    case 0x0B: b.append('v'); break;
                    case 0x0C: b.append('f'); break;
                    case 0x0D: b.append('r'); break;
                    case 0x1B: b.append('e'); break;
                    case '"': b.append('"'); break;
                    case '\\': b.append('\\'); break;
                    case 0x85: b.append('N'); break;
                    case 0xA0: b.append('_'); break;
                    case 0x2028: b.append('L'); break;
                    case 0x2029: b.append('P'); break;
                    default:
                        if (c <= 0xFF) {
                            b.append('x').append(String.format("%02X", c));
                        } else if (c <= 0xFFFF) {
                            b.append('u').append(String.format("%04X", c));
                        } else {
                            b.append('U').append(String.format("%08X", c));
                        }
                }
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append('"').toString();
    }

    static boolean hasLineBreak(String s) {
        return s.codePoints().anyMatch(YamlScalarStyle::isBreak);
    }

    /** The {@code +} chomping indicator: the text ends with two line breaks, or is one. */
    static boolean keepsTrailingBreaks(String s) {
        int n = s.length();
        return n > 0 && isBreak(s.charAt(n - 1)) && (n == 1 || isBreak(s.charAt(n - 2)));
    }

    /** A literal block scalar ({@code |}) whose lines are indented to {@code indent}. */
    static String literal(String s, int indent) {
        StringBuilder b = new StringBuilder("|");
        if (s.startsWith(" ") || isBreak(s.codePointAt(0))) {
            b.append(BEST_INDENT);
        }
        int n = s.length();
        if (!isBreak(s.charAt(n - 1))) {
            b.append('-');
        } else if (n == 1 || isBreak(s.charAt(n - 2))) {
            b.append('+');
        }
        b.append('\n');
        boolean breaks = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (isBreak(c)) {
                b.append(c);
                breaks = true;
            } else {
                if (breaks) {
                    for (int k = 0; k < indent; k++) {
                        b.append(' ');
                    }
                }
                b.append(c);
                breaks = false;
            }
        }
        // The caller ends the line; a literal that ends with a newline already did.
        if (b.charAt(b.length() - 1) == '\n') {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }

    /**
     * serde_yaml writes floats with the ryu crate ({@code 1.5}, {@code 1000.0},
     * {@code 1e20}, {@code 1e-7}, {@code 0.0001}) and {@code .inf}/{@code .nan}.
     */
    static String floatText(String text) {
        double d = Double.parseDouble(text);
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        return RyuFloat.format(d);
    }
}
