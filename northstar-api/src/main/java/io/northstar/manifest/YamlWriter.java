package io.northstar.manifest;

import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;

/**
 * Writes a {@link Doc} the way serde_yaml 0.9 does through libyaml's emitter
 * (indent 2, unlimited width, unicode on): block style; a sequence that is a
 * mapping value is not indented; empty collections as {@code {}} / {@code []};
 * variants as {@code !tag}; keys longer than 128 bytes or spanning lines as
 * complex keys ({@code ? key}); {@code ...} at the end when the last block
 * scalar keeps trailing newlines ({@code |+}). Scalar styles are chosen by
 * {@link YamlScalarStyle}.
 */
final class YamlWriter {
    private static final int MAX_SIMPLE_KEY_LENGTH = 128;

    private final StringBuilder out = new StringBuilder();
    /** libyaml's open_ended == 2: set by a {@code |+} block scalar, cleared by the next block scalar. */
    private boolean openEnded;

    private YamlWriter() {
    }

    static String write(Doc doc) {
        YamlWriter w = new YamlWriter();
        w.root(doc);
        if (w.openEnded) {
            w.out.append("...\n");
        }
        return w.out.toString();
    }

    private void root(Doc doc) {
        switch (doc) {
            case Doc.Mapping m -> rootCollection(doc, m.entries().isEmpty(), "{}", () -> mapping(m, 0));
            case Doc.Sequence s -> rootCollection(doc, s.items().isEmpty(), "[]", () -> sequence(s, 0));
            case Doc.Scalar s -> out.append(tagPrefix(doc)).append(scalar(s, false, 0)).append('\n');
        }
    }

    /** An empty root collection in flow style after its tag; else the tag on a line of its own, then the block. */
    private void rootCollection(Doc doc, boolean empty, String flow, Runnable block) {
        if (empty) {
            out.append(tagPrefix(doc)).append(flow).append('\n');
            return;
        }
        if (doc.tag() != null) {
            out.append('!').append(doc.tag()).append('\n');
        }
        block.run();
    }

    private static String tagPrefix(Doc d) {
        return d.tag() == null ? "" : "!" + d.tag() + " ";
    }

    private void indent(int n) {
        for (int i = 0; i < n; i++) {
            out.append(' ');
        }
    }

    /** Entries of a block mapping, each starting on its own line at {@code indent}. */
    private void mapping(Doc.Mapping m, int indent) {
        for (Doc.Entry e : m.entries()) {
            indent(indent);
            Doc.Scalar key = (Doc.Scalar) e.key();
            if (isSimpleKey(key)) {
                out.append(scalar(key, true, indent)).append(':');
                value(e.value(), indent, true);
            } else {
                // After "? key", libyaml starts a collection value on the ":" line, like a sequence item.
                out.append("? ").append(scalar(key, false, indent + 2)).append('\n');
                indent(indent);
                out.append(':');
                value(e.value(), indent, false);
            }
        }
    }

    private static boolean isSimpleKey(Doc.Scalar key) {
        if (key.kind() != Doc.ScalarKind.STRING) {
            return true;
        }
        String t = key.text();
        return t.getBytes(StandardCharsets.UTF_8).length <= MAX_SIMPLE_KEY_LENGTH && !YamlScalarStyle.hasLineBreak(t);
    }

    /** Items of a block sequence, each starting with {@code -} at {@code indent}. */
    private void sequence(Doc.Sequence s, int indent) {
        for (Doc item : s.items()) {
            indent(indent);
            out.append('-');
            value(item, indent, false);
        }
    }

    /**
     * The rest of the line after {@code key:} or {@code -} and any nested lines;
     * {@code indent} is the indentation of the enclosing collection.
     */
    private void value(Doc v, int indent, boolean inMapping) {
        switch (v) {
            case Doc.Scalar s -> out.append(' ').append(tagPrefix(v)).append(scalar(s, false, indent + 2)).append('\n');
            case Doc.Mapping m -> collection(v, m.entries().isEmpty(), "{}", inMapping, indent + 2, n -> mapping(m, n));
            // A sequence in a mapping stays at the mapping's indentation ("key:\n- a"), as libyaml writes it.
            case Doc.Sequence s ->
                    collection(v, s.items().isEmpty(), "[]", inMapping, inMapping ? indent : indent + 2, n -> sequence(s, n));
        }
    }

    /**
     * A nested collection after {@code key:} or {@code -}: an empty one in flow style; else a block at
     * {@code blockIndent} on the next lines, or for an untagged one after {@code -} continuing the dash's line.
     */
    private void collection(Doc v, boolean empty, String flow, boolean inMapping, int blockIndent, IntConsumer block) {
        if (empty) {
            out.append(' ').append(tagPrefix(v)).append(flow).append('\n');
        } else if (v.tag() != null || inMapping) {
            if (v.tag() != null) {
                out.append(" !").append(v.tag());
            }
            out.append('\n');
            block.accept(blockIndent);
        } else {
            // "- key: value": the first entry continues the line of the dash.
            inline(() -> block.accept(blockIndent), blockIndent);
        }
    }

    private void inline(Runnable block, int nestedIndent) {
        int start = out.length();
        block.run();
        out.replace(start, start + nestedIndent, " ");
    }

    private String scalar(Doc.Scalar s, boolean simpleKey, int indent) {
        switch (s.kind()) {
            case NULL:
                return "null";
            case BOOL:
            case INTEGER:
                return s.text();
            case FLOAT:
                return YamlScalarStyle.floatText(s.text());
            default:
                break;
        }
        YamlScalarStyle.Style style = YamlScalarStyle.choose(s.text(), simpleKey);
        if (style == YamlScalarStyle.Style.LITERAL) {
            openEnded = YamlScalarStyle.keepsTrailingBreaks(s.text());
        }
        return YamlScalarStyle.render(s.text(), style, indent);
    }
}
