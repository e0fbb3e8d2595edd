package io.northstar.common;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.Predicate;

/**
 * A finite float as Rust's serde_json and serde_yaml write it (both use the ryu crate's
 * {@code format_finite}): the shortest digits that read back to the same value, in fixed notation
 * with at least one fractional digit ({@code 1.0}, {@code 1000000000000000.0}, {@code 0.0001}) while
 * the decimal point falls within 16 digits left or 5 digits right of the first digit, else in
 * exponent notation without a plus sign or padding ({@code 1e16}, {@code 1.5e-7}, {@code 5e-324}).
 * Jackson would write {@code 1.0E16}. The one place this rule lives (docs/protocol.md, "Values").
 */
public final class RyuFloat {

    private RyuFloat() {
    }

    /** {@code value} must be finite: serde_json writes NaN and infinities as {@code null}, serde_yaml as {@code .nan}/{@code .inf}. */
    public static String format(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite float: " + value);
        }
        // Since JDK 19 Double.toString gives the shortest round-trip digits (of at least two), as ryu does.
        return format(shortest(Double.toString(value), new BigDecimal(value), t -> Double.parseDouble(t) == value),
                value == 0, Math.copySign(1.0, value) < 0);
    }

    /** An f32, with its own (shorter) shortest digits. */
    public static String format(float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("not a finite float: " + value);
        }
        return format(shortest(Float.toString(value), new BigDecimal(value), t -> Float.parseFloat(t) == value),
                value == 0, Math.copySign(1.0f, value) < 0);
    }

    /**
     * Java's shortest digits have at least two significant digits ({@code 4.9E-324}); ryu takes one when
     * one reads back ({@code 5e-324}): of the two one-digit neighbours of the exact value, the closer
     * that round-trips.
     */
    private static BigDecimal shortest(String javaText, BigDecimal exact, Predicate<String> readsBack) {
        BigDecimal java = new BigDecimal(javaText).stripTrailingZeros();
        if (exact.signum() == 0 || java.precision() != 2) {
            return java;
        }
        BigDecimal down = exact.round(new MathContext(1, RoundingMode.DOWN));
        BigDecimal up = exact.round(new MathContext(1, RoundingMode.UP));
        boolean downFirst = exact.subtract(down).abs().compareTo(up.subtract(exact).abs()) <= 0;
        for (BigDecimal candidate : downFirst ? new BigDecimal[] {down, up} : new BigDecimal[] {up, down}) {
            if (readsBack.test(candidate.toString())) {
                return candidate.stripTrailingZeros();
            }
        }
        return java;
    }

    private static String format(BigDecimal shortest, boolean zero, boolean negative) {
        if (zero) {
            return negative ? "-0.0" : "0.0";
        }
        BigDecimal b = shortest.abs();
        String digits = b.unscaledValue().toString();
        int n = digits.length();
        int e = -b.scale();
        // Position of the decimal point relative to the first digit.
        int kk = n + e;
        StringBuilder out = new StringBuilder(negative ? "-" : "");
        if (e >= 0 && kk <= 16) {
            out.append(digits).append("0".repeat(e)).append(".0");
        } else if (kk > 0 && kk <= 16) {
            out.append(digits, 0, kk).append('.').append(digits.substring(kk));
        } else if (kk > -5 && kk <= 0) {
            out.append("0.").append("0".repeat(-kk)).append(digits);
        } else if (n == 1) {
            out.append(digits).append('e').append(kk - 1);
        } else {
            out.append(digits.charAt(0)).append('.').append(digits.substring(1)).append('e').append(kk - 1);
        }
        return out.toString();
    }
}
