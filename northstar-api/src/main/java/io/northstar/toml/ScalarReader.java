package io.northstar.toml;

import io.northstar.toml.TomlValue.TomlBoolean;
import io.northstar.toml.TomlValue.TomlFloat;
import io.northstar.toml.TomlValue.TomlInteger;
import io.northstar.toml.TomlValue.TomlLocalDate;
import io.northstar.toml.TomlValue.TomlLocalDateTime;
import io.northstar.toml.TomlValue.TomlLocalTime;
import io.northstar.toml.TomlValue.TomlOffsetDateTime;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The values written without quotes or brackets: booleans, integers, floats, dates and times. */
final class ScalarReader {
    private final Cursor in;
    private final int start;
    private final String token;

    private ScalarReader(Cursor in, int start, String token) {
        this.in = in;
        this.start = start;
        this.token = token;
    }

    static TomlValue read(Cursor in) throws TomlException {
        int start = in.offset();
        takeTokenChars(in);
        // a date and a time may be separated by a space: 1979-05-27 07:32:00
        if (in.offset() - start == 10 && isDate(in.slice(start, in.offset())) && in.peek() == ' '
                && isDigit(in.peek(1)) && isDigit(in.peek(2)) && in.peek(3) == ':') {
            in.skip(1);
            takeTokenChars(in);
        }
        if (in.offset() == start) {
            throw in.expected("a value");
        }
        return new ScalarReader(in, start, in.slice(start, in.offset())).value();
    }

    private static void takeTokenChars(Cursor in) {
        while (TomlKey.isBareKeyChar(in.peek()) || in.peek() == '+' || in.peek() == '.' || in.peek() == ':') {
            in.skip(1);
        }
    }

    private TomlValue value() throws TomlException {
        switch (token) {
            case "true" -> {
                return new TomlBoolean(true);
            }
            case "false" -> {
                return new TomlBoolean(false);
            }
            case "inf", "+inf" -> {
                return new TomlFloat(Double.POSITIVE_INFINITY);
            }
            case "-inf" -> {
                return new TomlFloat(Double.NEGATIVE_INFINITY);
            }
            case "nan", "+nan", "-nan" -> {
                return new TomlFloat(Double.NaN);
            }
            default -> {
            }
        }
        char first = token.charAt(0);
        if (!isDigit(first) && first != '+' && first != '-') {
            throw invalid("expected a value (string, number, boolean, date-time, array or inline table), found "
                    + token);
        }
        if (token.length() >= 5 && isDigits(0, 4) && token.charAt(4) == '-') {
            return dateTime();
        }
        if (token.length() >= 3 && isDigits(0, 2) && token.charAt(2) == ':') {
            return new TomlLocalTime(time(0, token.length()));
        }
        if (token.length() > 2 && token.charAt(0) == '0' && "xob".indexOf(token.charAt(1)) >= 0) {
            int radix = switch (token.charAt(1)) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            return new TomlInteger(radixInteger(radix));
        }
        return decimal();
    }

    // ---- numbers ----

    private long radixInteger(int radix) throws TomlException {
        String digits = digits(2, token.length(), radix);
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (value > (Long.MAX_VALUE - d) / radix) {
                throw invalid("integer " + token + " does not fit in 64 bits (the largest is " + Long.MAX_VALUE + ")");
            }
            value = value * radix + d;
        }
        return value;
    }

    private TomlValue decimal() throws TomlException {
        int i = 0;
        if (token.charAt(0) == '+' || token.charAt(0) == '-') {
            i++;
        }
        int intEnd = i;
        while (intEnd < token.length() && (isDigit(token.charAt(intEnd)) || token.charAt(intEnd) == '_')) {
            intEnd++;
        }
        String whole = digits(i, intEnd, 10);
        if (whole.length() > 1 && whole.charAt(0) == '0') {
            throw invalid("leading zeros are not allowed: " + token);
        }
        if (intEnd == token.length()) {
            try {
                return new TomlInteger(Long.parseLong(token.charAt(0) == '-' ? "-" + whole : whole));
            } catch (NumberFormatException e) {
                throw invalid("integer " + token + " does not fit in 64 bits (from " + Long.MIN_VALUE + " to "
                        + Long.MAX_VALUE + ")");
            }
        }
        StringBuilder number = new StringBuilder(token.charAt(0) == '-' ? "-" : "").append(whole);
        int j = intEnd;
        if (token.charAt(j) == '.') {
            int fracEnd = digitsEnd(j + 1);
            number.append('.').append(digits(j + 1, fracEnd, 10));
            j = fracEnd;
        }
        if (j < token.length() && (token.charAt(j) == 'e' || token.charAt(j) == 'E')) {
            j++;
            number.append('e');
            if (j < token.length() && (token.charAt(j) == '+' || token.charAt(j) == '-')) {
                number.append(token.charAt(j++));
            }
            int expEnd = digitsEnd(j);
            number.append(digits(j, expEnd, 10));
            j = expEnd;
        }
        if (j != token.length() || j == intEnd) {
            throw invalid("invalid number " + token);
        }
        double value = Double.parseDouble(number.toString());
        if (Double.isInfinite(value)) {
            throw invalid("float " + token + " is beyond the range of a 64-bit float");
        }
        return new TomlFloat(value);
    }

    private int digitsEnd(int from) {
        int i = from;
        while (i < token.length() && (isDigit(token.charAt(i)) || token.charAt(i) == '_')) {
            i++;
        }
        return i;
    }

    /** The digits of {@code token[from, to)} without underscores; each underscore must sit between two digits. */
    private String digits(int from, int to, int radix) throws TomlException {
        if (from == to) {
            throw invalid("invalid number " + token + ": expected a digit"
                    + (from > 0 ? " after '" + token.charAt(from - 1) + "'" : ""));
        }
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = token.charAt(i);
            if (c == '_') {
                if (i == from || i == to - 1 || token.charAt(i - 1) == '_') {
                    throw invalid("invalid number " + token + ": an underscore must be between two digits");
                }
            } else if (Character.digit(c, radix) < 0 || c > 'f') {
                throw invalid("invalid number " + token + ": '" + c + "' is not a digit"
                        + (radix == 10 ? "" : " in base " + radix));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    // ---- dates and times ----

    private TomlValue dateTime() throws TomlException {
        LocalDate date = date();
        if (token.length() == 10) {
            return new TomlLocalDate(date);
        }
        char separator = token.charAt(10);
        if (separator != 'T' && separator != 't' && separator != ' ') {
            throw invalid("invalid date-time " + token + ": expected 'T' or a space between date and time");
        }
        int timeEnd = 11;
        while (timeEnd < token.length() && "Zz+-".indexOf(token.charAt(timeEnd)) < 0) {
            timeEnd++;
        }
        LocalTime time = time(11, timeEnd);
        if (timeEnd == token.length()) {
            return new TomlLocalDateTime(LocalDateTime.of(date, time));
        }
        return new TomlOffsetDateTime(OffsetDateTime.of(date, time, offset(timeEnd)));
    }

    private LocalDate date() throws TomlException {
        if (token.length() < 10 || !isDigits(0, 4) || token.charAt(4) != '-' || !isDigits(5, 7)
                || token.charAt(7) != '-' || !isDigits(8, 10)) {
            throw invalid("invalid date " + token + ": expected YYYY-MM-DD");
        }
        try {
            return LocalDate.of(number(0, 4), number(5, 7), number(8, 10));
        } catch (DateTimeException e) {
            throw invalid("invalid date " + token.substring(0, 10) + ": " + e.getMessage());
        }
    }

    /** HH:MM:SS with an optional fraction of a second; digits beyond nanoseconds are cut off. */
    private LocalTime time(int from, int to) throws TomlException {
        if (to - from < 8 || !isDigits(from, from + 2) || token.charAt(from + 2) != ':'
                || !isDigits(from + 3, from + 5) || token.charAt(from + 5) != ':' || !isDigits(from + 6, from + 8)) {
            throw invalid("invalid time in " + token + ": expected HH:MM:SS");
        }
        int nanos = 0;
        if (to > from + 8) {
            if (token.charAt(from + 8) != '.' || to == from + 9 || !isDigits(from + 9, to)) {
                throw invalid("invalid time in " + token + ": expected HH:MM:SS or HH:MM:SS.fraction");
            }
            String fraction = (token.substring(from + 9, Math.min(to, from + 18)) + "00000000").substring(0, 9);
            nanos = Integer.parseInt(fraction);
        }
        try {
            return LocalTime.of(number(from, from + 2), number(from + 3, from + 5), number(from + 6, from + 8), nanos);
        } catch (DateTimeException e) {
            throw invalid("invalid time in " + token + ": " + e.getMessage());
        }
    }

    private ZoneOffset offset(int from) throws TomlException {
        char c = token.charAt(from);
        if ((c == 'Z' || c == 'z') && from + 1 == token.length()) {
            return ZoneOffset.UTC;
        }
        if ((c == '+' || c == '-') && from + 6 == token.length() && isDigits(from + 1, from + 3)
                && token.charAt(from + 3) == ':' && isDigits(from + 4, from + 6)) {
            int hours = number(from + 1, from + 3);
            int minutes = number(from + 4, from + 6);
            if (hours <= 23 && minutes <= 59) {
                int sign = c == '-' ? -1 : 1;
                return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            }
        }
        throw invalid("invalid offset in " + token + ": expected Z or +HH:MM / -HH:MM up to 23:59");
    }

    private boolean isDigits(int from, int to) {
        if (to > token.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isDigit(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private int number(int from, int to) {
        return Integer.parseInt(token, from, to, 10);
    }

    private static boolean isDate(String s) {
        return s.charAt(4) == '-' && s.charAt(7) == '-';
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private TomlException invalid(String reason) {
        return in.errorAt(start, reason);
    }
}
