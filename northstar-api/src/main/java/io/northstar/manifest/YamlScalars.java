package io.northstar.manifest;

import java.math.BigInteger;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How serde_yaml 0.9 types a plain scalar (YAML 1.2 core schema with its own
 * details): {@code 0x}/{@code 0o}/{@code 0b} integers, a leading zero followed by
 * digits is a string, only {@code true/True/TRUE} and {@code false/False/FALSE}
 * are booleans, {@code ~/null/Null/NULL} and the empty scalar are null.
 */
final class YamlScalars {
    enum Type { NULL, BOOL, INT, FLOAT, STRING }

    private static final Pattern RUST_FLOAT = Pattern.compile(
            "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

    /** The only spellings of the booleans. */
    private static final Map<String, Boolean> BOOLEANS = Map.of(
            "true", Boolean.TRUE, "True", Boolean.TRUE, "TRUE", Boolean.TRUE,
            "false", Boolean.FALSE, "False", Boolean.FALSE, "FALSE", Boolean.FALSE);

    private YamlScalars() {
    }

    static Type resolve(String s) {
        if (isNull(s)) {
            return Type.NULL;
        }
        if (parseBool(s) != null) {
            return Type.BOOL;
        }
        if (parseInt(s) != null) {
            return Type.INT;
        }
        if (!digitsButNotNumber(s) && parseFloat(s) != null) {
            return Type.FLOAT;
        }
        return Type.STRING;
    }

    static boolean isNull(String s) {
        return s.isEmpty() || s.equals("~") || s.equals("null") || s.equals("Null") || s.equals("NULL");
    }

    /** The boolean {@code s} spells, or null when it spells none. */
    static Boolean parseBool(String s) {
        return BOOLEANS.get(s);
    }

    /** Leading zero(s) followed by digits: a string in YAML 1.2 (so {@code 0600} is not octal). */
    static boolean digitsButNotNumber(String s) {
        String t = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        if (t.length() <= 1 || t.charAt(0) != '0') {
            return false;
        }
        for (int i = 1; i < t.length(); i++) {
            if (!isDigit(t.charAt(i), 10)) {
                return false;
            }
        }
        return true;
    }

    static BigInteger parseInt(String s) {
        boolean negative = false;
        String t = s;
        if (t.startsWith("+")) {
            t = t.substring(1);
        } else if (t.startsWith("-")) {
            negative = true;
            t = t.substring(1);
        }
        BigInteger v;
        if (t.startsWith("0x")) {
            v = digits(t.substring(2), 16);
        } else if (t.startsWith("0o")) {
            v = digits(t.substring(2), 8);
        } else if (t.startsWith("0b")) {
            v = digits(t.substring(2), 2);
        } else {
            if (digitsButNotNumber(s)) {
                return null;
            }
            v = digits(t, 10);
        }
        if (v == null) {
            return null;
        }
        return negative ? v.negate() : v;
    }

    private static BigInteger digits(String t, int radix) {
        if (t.isEmpty()) {
            return null;
        }
        for (int i = 0; i < t.length(); i++) {
            if (!isDigit(t.charAt(i), radix)) {
                return null;
            }
        }
        BigInteger v = new BigInteger(t, radix);
        // serde_yaml stops at i128/u128; larger literals are not integers.
        return v.bitLength() > 128 ? null : v;
    }

    private static boolean isDigit(char c, int radix) {
        return c < 128 && Character.digit(c, radix) >= 0;
    }

    /** Rust's f64 syntax as serde_yaml accepts it; null if not a float. */
    static Double parseFloat(String s) {
        String t = s;
        if (t.startsWith("+")) {
            t = t.substring(1);
            if (t.startsWith("+") || t.startsWith("-")) {
                return null;
            }
        }
        switch (t) {
            case ".inf", ".Inf", ".INF":
                return Double.POSITIVE_INFINITY;
            default:
                break;
        }
        switch (s) {
            case "-.inf", "-.Inf", "-.INF":
                return Double.NEGATIVE_INFINITY;
            case ".nan", ".NaN", ".NAN":
                return Double.NaN;
            default:
                break;
        }
        if (!RUST_FLOAT.matcher(t).matches()) {
            return null;
        }
        double d = Double.parseDouble(t);
        return Double.isFinite(d) ? d : null;
    }
}
