package io.northstar.runtime.config;

import java.util.Locale;

/**
 * Byte sizes in the syntax of the Rust {@code bytesize} 1.3.0 crate, which
 * Northstar's config uses: {@code "1024"}, {@code "100MB"} (decimal),
 * {@code "1MiB"} (binary), {@code "1.5Ki"}, {@code "10 kb"}.
 */
public final class ByteSize {
    private ByteSize() {
    }

    /**
     * Parses like {@code <ByteSize as FromStr>::from_str}. Results beyond
     * {@link Long#MAX_VALUE} (only reachable with huge values) saturate there,
     * as Rust's float-to-integer cast saturates at u64::MAX.
     */
    public static long parse(String value) {
        Long whole = parseU64(value);
        if (whole != null) {
            return whole;
        }
        int i = 0;
        while (i < value.length() && (isAsciiDigit(value.charAt(i)) || value.charAt(i) == '.')) {
            i++;
        }
        String number = value.substring(0, i);
        double v;
        try {
            v = parseFloat(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("couldn't parse \"" + value + "\" into a ByteSize");
        }
        int j = 0;
        while (j < value.length()) {
            char c = value.charAt(j);
            if (Character.isWhitespace(c) || isAsciiDigit(c) || c == '.') {
                j++;
            } else {
                break;
            }
        }
        String suffix = value.substring(j);
        long factor = factor(suffix);
        return (long) (v * (double) factor);
    }

    private static long factor(String suffix) {
        return switch (suffix.toLowerCase(Locale.ROOT)) {
            case "b" -> 1L;
            case "k", "kb" -> 1_000L;
            case "m", "mb" -> 1_000_000L;
            case "g", "gb" -> 1_000_000_000L;
            case "t", "tb" -> 1_000_000_000_000L;
            case "p", "pb" -> 1_000_000_000_000_000L;
            case "ki", "kib" -> 1L << 10;
            case "mi", "mib" -> 1L << 20;
            case "gi", "gib" -> 1L << 30;
            case "ti", "tib" -> 1L << 40;
            case "pi", "pib" -> 1L << 50;
            default -> throw new IllegalArgumentException("couldn't parse unit of \"" + suffix + "\"");
        };
    }

    /** Rust's {@code str::parse::<u64>}: optional '+', then ASCII digits only. Null when it does not parse. */
    private static Long parseU64(String s) {
        String digits = s.startsWith("+") ? s.substring(1) : s;
        if (digits.isEmpty()) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (!isAsciiDigit(digits.charAt(i))) {
                return null;
            }
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            // beyond i64 but maybe within u64: saturate like the float path does
            return digits.length() <= 20 && new java.math.BigInteger(digits).bitLength() <= 64 ? Long.MAX_VALUE : null;
        }
    }

    /** Rust's {@code str::parse::<f64>} restricted to what can reach it here: digits and dots. */
    private static double parseFloat(String s) {
        int dots = 0;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '.') {
                dots++;
            } else {
                digits++;
            }
        }
        if (digits == 0 || dots > 1) {
            throw new NumberFormatException(s);
        }
        return Double.parseDouble(s);
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
