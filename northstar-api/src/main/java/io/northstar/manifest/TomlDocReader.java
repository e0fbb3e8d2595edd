package io.northstar.manifest;

import io.northstar.toml.TomlException;
import io.northstar.toml.TomlPosition;
import io.northstar.toml.TomlReader;
import io.northstar.toml.TomlValue;
import io.northstar.toml.TomlValue.TomlArray;
import io.northstar.toml.TomlValue.TomlTable;
import java.util.ArrayList;
import java.util.List;

/** TOML to {@link Doc}; TOML values are typed by their syntax, as in JSON. */
final class TomlDocReader {
    private TomlDocReader() {
    }

    static Doc read(String text) {
        // the reader bounds nesting too; measuring first names the depth the text actually has
        DocLimits.checkTomlDepth(text);
        TomlTable root;
        try {
            root = TomlReader.read(text, DocLimits.MAX_DEPTH);
        } catch (TomlException e) {
            throw new ManifestException(ManifestException.Stage.PARSE, "", "invalid TOML at " + e.getMessage(), e);
        }
        DocLimits.NodeBudget budget = new DocLimits.NodeBudget("TOML");
        budget.take(null);
        return table(root, null, budget);
    }

    private static Doc.Mapping table(TomlTable t, Doc.Position pos, DocLimits.NodeBudget budget) {
        List<Doc.Entry> entries = new ArrayList<>();
        for (String key : t.keys()) {
            Doc.Position p = position(t.position(key));
            budget.take(p);
            entries.add(new Doc.Entry(new Doc.Scalar(key, Doc.ScalarKind.STRING, null, p), value(t.get(key), p, budget)));
        }
        return new Doc.Mapping(List.copyOf(entries), null, pos);
    }

    private static Doc value(TomlValue v, Doc.Position pos, DocLimits.NodeBudget budget) {
        budget.take(pos);
        return switch (v) {
            case TomlTable t -> table(t, pos, budget);
            case TomlArray a -> {
                List<Doc> items = new ArrayList<>();
                for (int i = 0; i < a.items().size(); i++) {
                    items.add(value(a.items().get(i), position(a.position(i)), budget));
                }
                yield new Doc.Sequence(List.copyOf(items), null, pos);
            }
            case TomlValue.TomlString s -> new Doc.Scalar(s.value(), Doc.ScalarKind.STRING, null, pos);
            case TomlValue.TomlInteger i -> new Doc.Scalar(Long.toString(i.value()), Doc.ScalarKind.INTEGER, null, pos);
            case TomlValue.TomlFloat f -> new Doc.Scalar(Double.toString(f.value()), Doc.ScalarKind.FLOAT, null, pos);
            case TomlValue.TomlBoolean b -> new Doc.Scalar(Boolean.toString(b.value()), Doc.ScalarKind.BOOL, null, pos);
            // Dates and times have no place in a manifest; keep them as a typed value
            // that no manifest field accepts (custom data gets their text).
            case TomlValue.TomlOffsetDateTime d -> dateTime(d.value().toString(), pos);
            case TomlValue.TomlLocalDateTime d -> dateTime(d.value().toString(), pos);
            case TomlValue.TomlLocalDate d -> dateTime(d.value().toString(), pos);
            case TomlValue.TomlLocalTime d -> dateTime(d.value().toString(), pos);
        };
    }

    private static Doc.Scalar dateTime(String text, Doc.Position pos) {
        return new Doc.Scalar(text, Doc.ScalarKind.STRING, "toml-datetime", pos);
    }

    private static Doc.Position position(TomlPosition p) {
        return p == null ? null : new Doc.Position(p.line(), p.column());
    }
}
