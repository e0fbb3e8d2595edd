package io.northstar.toml;

import io.northstar.toml.TomlValue.TomlTable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A table while the document is read. TOML decides whether a header or a dotted key may add to a
 * table by how the table came to be ({@link Origin}); once read, {@link #build} makes the
 * immutable {@link TomlTable}.
 */
final class TableBuilder implements Member {

    /** How a table came to be. */
    enum Origin {
        /** Made on the way to a deeper header, {@code a} for {@code [a.b]}: a later {@code [a]} may still define it. */
        IMPLICIT,
        /** Defined by a header {@code [a]} or {@code [[a]]}, or the root: it cannot be defined again. */
        HEADER,
        /** Made by a dotted key {@code a.b = 1}: only dotted keys of the same section (or inline table) may add to it. */
        DOTTED
    }

    /** The key path, as TOML writes it, for messages; empty for the root. */
    final String name;
    final int depth;
    Origin origin;
    /** The section (or inline table) whose dotted keys made this table, if {@link Origin#DOTTED}. */
    int section;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, TomlPosition> positions = new HashMap<>();

    TableBuilder(String name, int depth, Origin origin, int section) {
        this.name = name;
        this.depth = depth;
        this.origin = origin;
        this.section = section;
    }

    /** The member at {@code key}, or null. */
    Member get(String key) {
        return members.get(key);
    }

    /** The path of {@code key} in this table, for messages. */
    String pathOf(String key) {
        return name.isEmpty() ? TomlKey.of(key) : name + "." + TomlKey.of(key);
    }

    <M extends Member> M put(String key, M member, TomlPosition at) {
        members.put(key, member);
        positions.put(key, at);
        return member;
    }

    TomlTable build() {
        Map<String, TomlValue> entries = new LinkedHashMap<>();
        for (Map.Entry<String, Member> e : members.entrySet()) {
            entries.put(e.getKey(), switch (e.getValue()) {
                case TableBuilder t -> t.build();
                case ArrayOfTables a -> a.build();
                case Member.Finished f -> f.value();
            });
        }
        return new TomlTable(entries, new TomlPositions<>(positions));
    }
}
