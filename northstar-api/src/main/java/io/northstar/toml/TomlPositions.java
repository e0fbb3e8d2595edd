package io.northstar.toml;

import java.util.Map;

/**
 * Where the members of a table (by key) or of an array (by index) were written, for messages.
 * Not part of the value: any two are equal, so two tables with the same entries are equal
 * wherever they were written.
 */
public final class TomlPositions<K> {
    private final Map<K, TomlPosition> positions;

    public TomlPositions(Map<K, TomlPosition> positions) {
        this.positions = Map.copyOf(positions);
    }

    /** For values that were not read from text, e.g. the expected value in a test. */
    public static <K> TomlPositions<K> none() {
        return new TomlPositions<>(Map.of());
    }

    /** Where {@code member} was written, or null if that is not known. */
    public TomlPosition of(K member) {
        return positions.get(member);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TomlPositions<?>;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return positions.toString();
    }
}
