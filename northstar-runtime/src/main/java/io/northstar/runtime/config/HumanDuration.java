package io.northstar.runtime.config;

import java.time.Duration;

/**
 * Durations in the syntax of the Rust {@code humantime} 2.1 crate, which
 * Northstar's config uses: {@code "10s"}, {@code "1h 30m"}, {@code "250ms"}.
 * Units are case-sensitive: {@code "1m"} is a minute, {@code "1M"} a month.
 */
public final class HumanDuration {
    private HumanDuration() {
    }

    /** Parses like {@code humantime::parse_duration}; the exception message says what is wrong. */
    public static Duration parse(String text) {
        return new Parser(text).parse();
    }

    /** Formats like {@code humantime::format_duration}: "10s", "1m 30s", "1h 5ms", "0s". */
    public static String format(Duration duration) {
        long secs = duration.getSeconds();
        int nanos = duration.getNano();
        if (secs == 0 && nanos == 0) {
            return "0s";
        }
        long years = secs / 31_557_600L;
        long ydays = secs % 31_557_600L;
        long months = ydays / 2_630_016L;
        long mdays = ydays % 2_630_016L;
        long days = mdays / 86_400L;
        long dsecs = mdays % 86_400L;
        long hours = dsecs / 3600;
        long minutes = dsecs % 3600 / 60;
        long seconds = dsecs % 60;
        StringBuilder b = new StringBuilder();
        item(b, "year", years, true);
        item(b, "month", months, true);
        item(b, "day", days, true);
        item(b, "h", hours, false);
        item(b, "m", minutes, false);
        item(b, "s", seconds, false);
        item(b, "ms", nanos / 1_000_000, false);
        item(b, "us", nanos / 1000 % 1000, false);
        item(b, "ns", nanos % 1000, false);
        return b.toString();
    }

    private static void item(StringBuilder b, String unit, long value, boolean plural) {
        if (value > 0) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(value).append(unit);
            if (plural && value > 1) {
                b.append('s');
            }
        }
    }

    /** A transcription of humantime's parser, including its tolerance for spaces inside numbers. */
    private static final class Parser {
        private final String src;
        private int pos;
        private long secs;
        private long nanos;

        Parser(String src) {
            this.src = src;
        }

        Duration parse() {
            Long first = firstDigit();
            if (first == null) {
                throw new IllegalArgumentException("value was empty");
            }
            long n = first;
            while (true) {
                // the number: digits, whitespace allowed in between, up to the first letter (consumed)
                int off = pos;
                while (pos < src.length()) {
                    char c = src.charAt(pos++);
                    if (isDigit(c)) {
                        n = addDigit(n, c);
                    } else if (isAsciiLetter(c)) {
                        break;
                    } else if (Character.isWhitespace(c)) {
                        // humantime tolerates whitespace inside a number ("1 0s" is 10s)
                    } else {
                        throw new IllegalArgumentException("invalid character at " + off);
                    }
                    off = pos;
                }
                // the unit: letters up to whitespace, a digit (next span) or the end
                int start = off;
                off = pos;
                boolean nextSpan = false;
                while (pos < src.length()) {
                    char c = src.charAt(pos++);
                    if (isDigit(c)) {
                        unit(n, start, off);
                        n = c - '0';
                        nextSpan = true;
                        break;
                    } else if (Character.isWhitespace(c)) {
                        break;
                    } else if (!isAsciiLetter(c)) {
                        throw new IllegalArgumentException("invalid character at " + off);
                    }
                    off = pos;
                }
                if (nextSpan) {
                    continue;
                }
                unit(n, start, off);
                Long next = firstDigit();
                if (next == null) {
                    return Duration.ofSeconds(secs).plusNanos(nanos);
                }
                n = next;
            }
        }

        private Long firstDigit() {
            int off = pos;
            while (pos < src.length()) {
                char c = src.charAt(pos++);
                if (isDigit(c)) {
                    return (long) (c - '0');
                }
                if (!Character.isWhitespace(c)) {
                    throw new IllegalArgumentException("expected number at " + off);
                }
            }
            return null;
        }

        private void unit(long n, int start, int end) {
            String unit = src.substring(start, end);
            // Seconds and nanoseconds of one unit, as humantime counts them (a month is 30.44 days).
            long[] perUnit = switch (unit) {
                case "nanos", "nsec", "ns" -> new long[] {0, 1};
                case "usec", "us" -> new long[] {0, 1000};
                case "millis", "msec", "ms" -> new long[] {0, 1_000_000};
                case "seconds", "second", "secs", "sec", "s" -> new long[] {1, 0};
                case "minutes", "minute", "min", "mins", "m" -> new long[] {60, 0};
                case "hours", "hour", "hr", "hrs", "h" -> new long[] {3600, 0};
                case "days", "day", "d" -> new long[] {86_400, 0};
                case "weeks", "week", "w" -> new long[] {604_800, 0};
                case "months", "month", "M" -> new long[] {2_630_016, 0};
                case "years", "year", "y" -> new long[] {31_557_600, 0};
                default -> throw new IllegalArgumentException(unit.isEmpty()
                        ? "time unit needed, for example " + n + "sec or " + n + "ms"
                        : "unknown time unit \"" + unit + "\", supported units: ns, us, ms, sec, min, hours, "
                                + "days, weeks, months, years (and few variations)");
            };
            long s = mul(n, perUnit[0]);
            long ns = mul(n, perUnit[1]);
            try {
                nanos = Math.addExact(nanos, ns);
                secs = Math.addExact(secs, Math.addExact(s, nanos / 1_000_000_000L));
                nanos %= 1_000_000_000L;
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("number is too large");
            }
        }

        private static long mul(long n, long factor) {
            try {
                return Math.multiplyExact(n, factor);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("number is too large");
            }
        }

        private static long addDigit(long n, char c) {
            try {
                return Math.addExact(Math.multiplyExact(n, 10L), c - '0');
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("number is too large");
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isAsciiLetter(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        }
    }
}
