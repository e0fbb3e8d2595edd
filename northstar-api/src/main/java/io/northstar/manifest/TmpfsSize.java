package io.northstar.manifest;

import java.math.BigInteger;
import java.util.Locale;

/**
 * tmpfs sizes as humanize-rs 0.1.5 parses them: an unsigned integer, optional
 * whitespace, an optional case-insensitive SI ({@code k}, {@code kb} = 1000) or
 * IEC ({@code ki}, {@code kib} = 1024) unit.
 */
final class TmpfsSize {
    private TmpfsSize() {
    }

    static long parse(String text) {
        String t = text.trim();
        int i = 0;
        while (i < t.length() && !Character.isLetter(t.charAt(i)) && !Character.isWhitespace(t.charAt(i))) {
            i++;
        }
        String number = t.substring(0, i);
        String unit = t.substring(i).trim().toLowerCase(Locale.ROOT);
        if (number.isEmpty() || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid tmpfs size \"" + text + "\": expected an unsigned integer and an optional unit (e.g. 25M, 10MiB)");
        }
        BigInteger factor = factor(unit);
        if (factor == null) {
            throw new IllegalArgumentException("invalid tmpfs size \"" + text + "\": unknown unit \"" + unit + "\"");
        }
        BigInteger bytes = new BigInteger(number).multiply(factor);
        if (bytes.bitLength() > 64) {
            throw new IllegalArgumentException("invalid tmpfs size \"" + text + "\": overflow");
        }
        return bytes.longValue();
    }

    private static BigInteger factor(String unit) {
        switch (unit) {
            case "":
            case "b":
                return BigInteger.ONE;
            case "k":
            case "kb":
                return BigInteger.TEN.pow(3);
            case "m":
            case "mb":
                return BigInteger.TEN.pow(6);
            case "g":
            case "gb":
                return BigInteger.TEN.pow(9);
            case "t":
            case "tb":
                return BigInteger.TEN.pow(12);
            case "p":
            case "pb":
                return BigInteger.TEN.pow(15);
            case "e":
            case "eb":
                return BigInteger.TEN.pow(18);
            case "ki":
            case "kib":
                return BigInteger.ONE.shiftLeft(10);
            case "mi":
            case "mib":
                return BigInteger.ONE.shiftLeft(20);
            case "gi":
            case "gib":
                return BigInteger.ONE.shiftLeft(30);
            case "ti":
            case "tib":
                return BigInteger.ONE.shiftLeft(40);
            case "pi":
            case "pib":
                return BigInteger.ONE.shiftLeft(50);
            case "ei":
            case "eib":
                return BigInteger.ONE.shiftLeft(60);
            default:
                return null;
        }
    }
}
