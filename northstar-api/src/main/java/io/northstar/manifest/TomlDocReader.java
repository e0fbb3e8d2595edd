package io.northstar.manifest;

import java.util.ArrayList;
import java.util.List;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** TOML to {@link Doc}; TOML values are typed by their syntax, as in JSON. */
final class TomlDocReader {
    private TomlDocReader() {
    }

    static Doc read(String text) {
        DocLimits.checkTomlDepth(text);
        TomlParseResult result;
        try {
            result = Toml.parse(text);
        } catch (StackOverflowError e) {
            // the depth check above should make this unreachable; an error here must not end the caller
            throw new ManifestException(ManifestException.Stage.PARSE, "", "invalid TOML: nested too deeply to parse");
        } catch (TomlParseError e) {
            // tomlj throws some errors instead of collecting them, e.g. a bad unicode escape in a quoted
            // key of a table header (found by ManifestFuzzTest).
            throw new ManifestException(ManifestException.Stage.PARSE, "", "invalid TOML: " + e, e);
        } catch (AssertionError e) {
            // The same input trips an assert inside tomlj when assertions are enabled.
            throw new ManifestException(ManifestException.Stage.PARSE, "", "invalid TOML: invalid escape sequence", e);
        }
        if (result.hasErrors()) {
            TomlParseError e = result.errors().get(0);
            throw new ManifestException(ManifestException.Stage.PARSE, "", "invalid TOML: " + e.toString(), e);
        }
        return table(result, null, new DocLimits.NodeBudget("TOML"));
    }

    private static Doc.Mapping table(TomlTable t, Doc.Position pos, DocLimits.NodeBudget budget) {
        budget.take(pos);
        List<Doc.Entry> entries = new ArrayList<>();
        for (String key : t.keySet()) {
            List<String> path = List.of(key);
            Doc.Position p = position(t.inputPositionOf(path));
            budget.take(p);
            entries.add(new Doc.Entry(new Doc.Scalar(key, Doc.ScalarKind.STRING, null, p), value(t.get(path), p, budget)));
        }
        return new Doc.Mapping(List.copyOf(entries), null, pos);
    }

    private static Doc value(Object v, Doc.Position pos, DocLimits.NodeBudget budget) {
        if (v instanceof TomlTable) {
            return table((TomlTable) v, pos, budget);
        }
        budget.take(pos);
        if (v instanceof TomlArray) {
            TomlArray a = (TomlArray) v;
            List<Doc> items = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                items.add(value(a.get(i), position(a.inputPositionOf(i)), budget));
            }
            return new Doc.Sequence(List.copyOf(items), null, pos);
        }
        if (v instanceof String) {
            return new Doc.Scalar((String) v, Doc.ScalarKind.STRING, null, pos);
        }
        if (v instanceof Long) {
            return new Doc.Scalar(v.toString(), Doc.ScalarKind.INTEGER, null, pos);
        }
        if (v instanceof Double) {
            return new Doc.Scalar(v.toString(), Doc.ScalarKind.FLOAT, null, pos);
        }
        if (v instanceof Boolean) {
            return new Doc.Scalar(v.toString(), Doc.ScalarKind.BOOL, null, pos);
        }
        // Dates and times have no place in a manifest; keep them as a typed value
        // that no manifest field accepts (custom data gets their text).
        return new Doc.Scalar(String.valueOf(v), Doc.ScalarKind.STRING, "toml-datetime", pos);
    }

    private static Doc.Position position(TomlPosition p) {
        return p == null ? null : new Doc.Position(p.line(), p.column());
    }
}
