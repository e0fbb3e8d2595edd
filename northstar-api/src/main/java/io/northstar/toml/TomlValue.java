package io.northstar.toml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TOML 1.0 value as {@link TomlReader} reads it. Tables and arrays remember where each member
 * was written ({@link TomlPositions}, not part of the value).
 */
public sealed interface TomlValue {

    /** A table; its entries keep the order in which the document defined them. */
    record TomlTable(Map<String, TomlValue> entries, TomlPositions<String> positions) implements TomlValue {
        public TomlTable {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        /** A table without positions, e.g. the expected value in a test. */
        public static TomlTable of(Map<String, TomlValue> entries) {
            return new TomlTable(entries, TomlPositions.none());
        }

        public Set<String> keys() {
            return entries.keySet();
        }

        /** The value of {@code key}, or null. */
        public TomlValue get(String key) {
            return entries.get(key);
        }

        /** Where {@code key} was written, or null if it was not read from text. */
        public TomlPosition position(String key) {
            return positions.of(key);
        }
    }

    /** An array; in TOML 1.0 its items may be of different types. */
    record TomlArray(List<TomlValue> items, TomlPositions<Integer> positions) implements TomlValue {
        public TomlArray {
            items = List.copyOf(items);
        }

        /** An array without positions, e.g. the expected value in a test. */
        public static TomlArray of(TomlValue... items) {
            return new TomlArray(List.of(items), TomlPositions.none());
        }

        /** Where item {@code index} was written, or null if it was not read from text. */
        public TomlPosition position(int index) {
            return positions.of(index);
        }
    }

    record TomlString(String value) implements TomlValue {
    }

    /** A 64-bit signed integer: TOML text beyond that range is an error, not a rounded value. */
    record TomlInteger(long value) implements TomlValue {
    }

    record TomlFloat(double value) implements TomlValue {
    }

    record TomlBoolean(boolean value) implements TomlValue {
    }

    /** {@code 1979-05-27T07:32:00Z}, fractions of a second beyond nanoseconds are cut off. */
    record TomlOffsetDateTime(java.time.OffsetDateTime value) implements TomlValue {
    }

    /** {@code 1979-05-27T07:32:00}: no offset, a time on a wall clock somewhere. */
    record TomlLocalDateTime(java.time.LocalDateTime value) implements TomlValue {
    }

    record TomlLocalDate(java.time.LocalDate value) implements TomlValue {
    }

    record TomlLocalTime(java.time.LocalTime value) implements TomlValue {
    }
}
