package io.northstar.toml;

import io.northstar.toml.TomlValue.TomlArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code [[a]]}: its tables are open to headers like any other, the last one to headers that go through it. */
final class ArrayOfTables implements Member {
    final String name;
    final int depth;
    private final List<TableBuilder> tables = new ArrayList<>();
    private final Map<Integer, TomlPosition> positions = new HashMap<>();

    ArrayOfTables(String name, int depth) {
        this.name = name;
        this.depth = depth;
    }

    TableBuilder add(TomlPosition at) {
        TableBuilder t = new TableBuilder(name, depth + 1, TableBuilder.Origin.HEADER, 0);
        tables.add(t);
        positions.put(tables.size() - 1, at);
        return t;
    }

    TableBuilder last() {
        return tables.get(tables.size() - 1);
    }

    TomlArray build() {
        List<TomlValue> items = new ArrayList<>(tables.size());
        for (TableBuilder t : tables) {
            items.add(t.build());
        }
        return new TomlArray(items, new TomlPositions<>(positions));
    }
}

