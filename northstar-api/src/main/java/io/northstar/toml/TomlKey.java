package io.northstar.toml;

import java.util.List;

/** Keys as TOML writes them, for messages that name a key: {@code repositories."my repo".type}. */
public final class TomlKey {
    private TomlKey() {
    }

    /** True for a key that may be written without quotes: ASCII letters, digits, {@code _} and {@code -}. */
    public static boolean isBare(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (!isBareKeyChar(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isBareKeyChar(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    /** One key, quoted when it is not bare. */
    public static String of(String key) {
        return isBare(key) ? key : quoted(key);
    }

    /** A dotted key path, each part quoted when it is not bare. */
    public static String path(List<String> parts) {
        StringBuilder b = new StringBuilder();
        for (String part : parts) {
            if (!b.isEmpty()) {
                b.append('.');
            }
            b.append(of(part));
        }
        return b.toString();
    }

    /** A basic string that reads back as {@code s}. */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
