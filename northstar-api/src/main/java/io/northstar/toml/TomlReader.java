package io.northstar.toml;

import io.northstar.toml.Member.Finished;
import io.northstar.toml.TableBuilder.Origin;
import io.northstar.toml.TomlValue.TomlArray;
import io.northstar.toml.TomlValue.TomlString;
import io.northstar.toml.TomlValue.TomlTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of TOML 1.0 (https://toml.io/en/v1.0.0): everything the specification calls
 * invalid is a {@link TomlException} naming line, column and what was expected. Integers are
 * 64-bit; text beyond that range is an error. Tables and arrays may nest at most
 * {@code maxDepth} levels, so that hostile text gets an error rather than a deep recursion here
 * or in whoever walks the tree.
 */
public final class TomlReader {
    /** The nesting bound of {@link #read(String)}. */
    public static final int DEFAULT_MAX_DEPTH = 128;

    private final Cursor in;
    private final int maxDepth;
    private final TableBuilder root = new TableBuilder("", 0, Origin.HEADER, 0);
    private TableBuilder current = root;
    /** The section (the lines under one header) or inline table being read; dotted keys are scoped to it. */
    private int section;
    private int sections;

    private TomlReader(String text, int maxDepth) {
        this.in = new Cursor(text);
        this.maxDepth = maxDepth;
    }

    public static TomlTable read(String text) throws TomlException {
        return read(text, DEFAULT_MAX_DEPTH);
    }

    /** Reads a whole document; tables and arrays nested deeper than {@code maxDepth} are an error. */
    public static TomlTable read(String text, int maxDepth) throws TomlException {
        return new TomlReader(text, maxDepth).document();
    }

    private TomlTable document() throws TomlException {
        in.take('\uFEFF'); // a byte order mark is encoding, not content
        while (true) {
            in.skipSpaces();
            if (in.atEnd()) {
                return root.build();
            }
            int c = in.peek();
            if (c == '#' || in.atNewline()) {
                in.endOfLine("a comment");
            } else if (c == '[') {
                header();
                in.endOfLine("the table header");
            } else {
                keyValue(current);
                in.endOfLine("the value");
            }
        }
    }

    /** A key: one or more simple keys joined by dots, with where each starts. */
    private record Key(List<String> parts, List<Integer> offsets) {
        int size() {
            return parts.size();
        }

        String part(int i) {
            return parts.get(i);
        }

        String last() {
            return parts.get(parts.size() - 1);
        }

        int lastOffset() {
            return offsets.get(offsets.size() - 1);
        }

        String text() {
            return TomlKey.path(parts);
        }
    }

    private Key key() throws TomlException {
        List<String> parts = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        while (true) {
            in.skipSpaces();
            offsets.add(in.offset());
            parts.add(simpleKey());
            in.skipSpaces();
            if (!in.take('.')) {
                return new Key(parts, offsets);
            }
        }
    }

    private String simpleKey() throws TomlException {
        int c = in.peek();
        if (c == '"' || c == '\'') {
            return StringReader.read(in, true);
        }
        int start = in.offset();
        while (TomlKey.isBareKeyChar(in.peek())) {
            in.skip(1);
        }
        if (in.offset() == start) {
            throw in.expected("a key (letters, digits, '_', '-' or a quoted string)");
        }
        return in.slice(start, in.offset());
    }

    /** {@code [a.b]} or {@code [[a.b]]}: the tables after it go into the table it names. */
    private void header() throws TomlException {
        int start = in.offset();
        boolean array = in.lookingAt("[[");
        in.skip(array ? 2 : 1);
        Key key = key();
        if (array ? !in.lookingAt("]]") : in.peek() != ']') {
            throw in.expected(array ? "']]' to close the header [[" + key.text() + "]]"
                    : "']' to close the header [" + key.text() + "]");
        }
        in.skip(array ? 2 : 1);
        section = ++sections;
        TableBuilder parent = root;
        for (int i = 0; i < key.size() - 1; i++) {
            String part = key.part(i);
            int at = key.offsets().get(i);
            parent = switch (parent.get(part)) {
                case null -> parent.put(part, table(parent, part, Origin.IMPLICIT, at), in.position(at));
                case TableBuilder t -> t;
                case ArrayOfTables a -> a.last();
                case Finished f -> throw notATable(at, parent.pathOf(part), f.value());
            };
        }
        String last = key.last();
        int at = key.lastOffset();
        String path = parent.pathOf(last);
        Member existing = parent.get(last);
        if (array) {
            ArrayOfTables tables = switch (existing) {
                case null -> {
                    checkDepth(parent.depth + 2, at);
                    yield parent.put(last, new ArrayOfTables(path, parent.depth + 1), in.position(at));
                }
                case ArrayOfTables a -> a;
                case TableBuilder t -> throw in.errorAt(start, "cannot define array of tables [[" + path + "]]: "
                        + path + " is already a table");
                case Finished f -> throw in.errorAt(start, "cannot define array of tables [[" + path + "]]: "
                        + path + " is already " + describe(f.value()));
            };
            current = tables.add(in.position(at));
            return;
        }
        current = switch (existing) {
            case null -> parent.put(last, table(parent, last, Origin.HEADER, at), in.position(at));
            case TableBuilder t when t.origin == Origin.IMPLICIT -> {
                t.origin = Origin.HEADER;
                yield t;
            }
            case TableBuilder t -> throw in.errorAt(start, "table [" + path + "] is defined twice"
                    + (t.origin == Origin.DOTTED ? " (first by dotted keys)" : ""));
            case ArrayOfTables a -> throw in.errorAt(start, "cannot define table [" + path + "]: it is an array of "
                    + "tables, add to it with [[" + path + "]]");
            case Finished f -> throw in.errorAt(start, "cannot define table [" + path + "]: " + path + " is already "
                    + describe(f.value()));
        };
    }

    /** {@code a.b = value} into {@code table}: the current section's table or an inline table. */
    private void keyValue(TableBuilder table) throws TomlException {
        Key key = key();
        if (!in.take('=')) {
            throw in.expected("'=' after key " + key.text());
        }
        in.skipSpaces();
        TableBuilder t = table;
        for (int i = 0; i < key.size() - 1; i++) {
            String part = key.part(i);
            int at = key.offsets().get(i);
            String path = t.pathOf(part);
            t = switch (t.get(part)) {
                case null -> t.put(part, table(t, part, Origin.DOTTED, at), in.position(at));
                case TableBuilder child when child.origin == Origin.DOTTED && child.section == section -> child;
                case TableBuilder child when child.origin == Origin.IMPLICIT -> {
                    child.origin = Origin.DOTTED;
                    child.section = section;
                    yield child;
                }
                case TableBuilder child -> throw in.errorAt(at, "cannot add to table " + path + " with a dotted key: "
                        + (child.origin == Origin.DOTTED ? "its dotted keys were in an earlier section"
                                : "it is defined by the header [" + path + "]"));
                case ArrayOfTables a -> throw in.errorAt(at, "cannot add to " + path + " with a dotted key: it is an "
                        + "array of tables");
                case Finished f -> throw notATable(at, path, f.value());
            };
        }
        String last = key.last();
        int at = key.lastOffset();
        if (t.get(last) != null) {
            throw in.errorAt(at, "duplicate key " + t.pathOf(last));
        }
        TomlPosition position = in.position(at);
        t.put(last, new Finished(value(t.depth + 1, t.pathOf(last))), position);
    }

    private TableBuilder table(TableBuilder parent, String key, Origin origin, int at) throws TomlException {
        checkDepth(parent.depth + 1, at);
        return new TableBuilder(parent.pathOf(key), parent.depth + 1, origin, section);
    }

    /** A value that will sit at {@code depth} (the root table is 0) under the key path {@code name}. */
    private TomlValue value(int depth, String name) throws TomlException {
        return switch (in.peek()) {
            case '"', '\'' -> new TomlString(StringReader.read(in, false));
            case '[' -> array(depth, name);
            case '{' -> inlineTable(depth, name);
            default -> ScalarReader.read(in);
        };
    }

    private TomlArray array(int depth, String name) throws TomlException {
        int start = in.offset();
        checkDepth(depth, start);
        in.skip(1);
        List<TomlValue> items = new ArrayList<>();
        Map<Integer, TomlPosition> positions = new HashMap<>();
        while (true) {
            in.skipBlankLines();
            if (in.take(']')) {
                return new TomlArray(items, new TomlPositions<>(positions));
            }
            if (in.atEnd()) {
                throw in.errorAt(start, "unterminated array: expected ']' before the end of input");
            }
            positions.put(items.size(), in.position(in.offset()));
            items.add(value(depth + 1, name + "[" + items.size() + "]"));
            in.skipBlankLines();
            if (in.take(']')) {
                return new TomlArray(items, new TomlPositions<>(positions));
            }
            if (!in.take(',')) {
                throw in.expected("',' or ']' after an array item");
            }
        }
    }

    /** {@code { a = 1, b.c = 2 }}: on one line, no trailing comma, closed for good at its '}'. */
    private TomlTable inlineTable(int depth, String name) throws TomlException {
        checkDepth(depth, in.offset());
        in.skip(1);
        int outer = section;
        section = ++sections;
        TableBuilder table = new TableBuilder(name, depth, Origin.HEADER, section);
        in.skipSpaces();
        if (!in.take('}')) {
            while (true) {
                keyValue(table);
                in.skipSpaces();
                if (in.take('}')) {
                    break;
                }
                if (!in.take(',')) {
                    throw in.expected("',' or '}' after a value of the inline table "
                            + name + (in.atNewline() ? " (an inline table is written on one line)" : ""));
                }
                in.skipSpaces();
                if (in.atNewline()) {
                    throw in.expected("a key after ',' (an inline table is written on one line)");
                }
                if (in.peek() == '}') {
                    throw in.error("a trailing comma is not allowed in an inline table");
                }
            }
        }
        section = outer;
        return table.build();
    }

    private void checkDepth(int depth, int at) throws TomlException {
        if (depth > maxDepth) {
            throw in.errorAt(at, "tables and arrays nested more than " + maxDepth + " levels deep");
        }
    }

    private TomlException notATable(int at, String path, TomlValue value) {
        return in.errorAt(at, "cannot use " + path + " as a table: it is already "
                + describe(value) + (value instanceof TomlTable ? ", which cannot be extended" : ""));
    }

    /** A value's kind for messages: "an integer", "an inline table". */
    private static String describe(TomlValue value) {
        return switch (value) {
            case TomlTable t -> "an inline table";
            case TomlArray a -> "an array";
            case TomlString s -> "a string";
            case TomlValue.TomlInteger i -> "an integer";
            case TomlValue.TomlFloat f -> "a float";
            case TomlValue.TomlBoolean b -> "a boolean";
            case TomlValue.TomlOffsetDateTime d -> "an offset date-time";
            case TomlValue.TomlLocalDateTime d -> "a local date-time";
            case TomlValue.TomlLocalDate d -> "a local date";
            case TomlValue.TomlLocalTime d -> "a local time";
        };
    }
}
