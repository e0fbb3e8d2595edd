package io.northstar.manifest;


/**
 * Writes a {@link Doc} the way serde_yaml 0.9 (libyaml emitter, indent 2,
 * unlimited width, unicode on) does: block style, sequences inside mappings not
 * indented, empty collections as {@code {}} / {@code []}, tags as {@code !tag},
 * and libyaml's choice between plain, single-quoted, double-quoted and literal
 * scalars (see {@link YamlScalarStyle}).
 */
final class YamlWriter {
    private final StringBuilder out = new StringBuilder();

    private YamlWriter() {
    }

    static String write(Doc doc) {
        YamlWriter w = new YamlWriter();
        switch (doc.shape()) {
            case MAPPING:
                if (((Doc.Mapping) doc).entries().isEmpty()) {
                    w.out.append(tagPrefix(doc)).append("{}\n");
                } else {
                    if (doc.tag() != null) {
                        w.out.append('!').append(doc.tag()).append('\n');
                    }
                    w.mapping((Doc.Mapping) doc, 0);
                }
                break;
            case SEQUENCE:
                if (((Doc.Sequence) doc).items().isEmpty()) {
                    w.out.append(tagPrefix(doc)).append("[]\n");
                } else {
                    if (doc.tag() != null) {
                        w.out.append('!').append(doc.tag()).append('\n');
                    }
                    w.sequence((Doc.Sequence) doc, 0);
                }
                break;
            default:
                w.out.append(tagPrefix(doc)).append(scalar((Doc.Scalar) doc, false, 0)).append('\n');
        }
        return w.out.toString();
    }

    private static String tagPrefix(Doc d) {
        return d.tag() == null ? "" : "!" + d.tag() + " ";
    }

    private static void indent(StringBuilder b, int n) {
        for (int i = 0; i < n; i++) {
            b.append(' ');
        }
    }

    /** Entries of a block mapping, each on its own line at {@code indent}. */
    private void mapping(Doc.Mapping m, int indent) {
        for (Doc.Entry e : m.entries()) {
            indent(out, indent);
            out.append(scalar((Doc.Scalar) e.key(), true, indent)).append(':');
            value(e.value(), indent, true);
        }
    }

    /** Items of a block sequence, each starting with {@code - } at {@code indent}. */
    private void sequence(Doc.Sequence s, int indent) {
        for (Doc item : s.items()) {
            indent(out, indent);
            out.append('-');
            value(item, indent, false);
        }
    }

    /**
     * The rest of the line after {@code key:} or {@code -}, and any nested lines.
     * {@code indent} is the indentation of the enclosing collection.
     */
    private void value(Doc v, int indent, boolean inMapping) {
        switch (v.shape()) {
            case SCALAR:
                out.append(' ').append(tagPrefix(v)).append(scalar((Doc.Scalar) v, false, indent + 2)).append('\n');
                return;
            case MAPPING: {
                Doc.Mapping m = (Doc.Mapping) v;
                if (m.entries().isEmpty()) {
                    out.append(' ').append(tagPrefix(v)).append("{}\n");
                } else if (v.tag() != null || inMapping) {
                    if (v.tag() != null) {
                        out.append(" !").append(v.tag());
                    }
                    out.append('\n');
                    mapping(m, indent + 2);
                } else {
                    // "- key: value": the first entry shares the line of the dash.
                    inline(() -> mapping(m, indent + 2), indent + 2);
                }
                return;
            }
            default: {
                Doc.Sequence s = (Doc.Sequence) v;
                if (s.items().isEmpty()) {
                    out.append(' ').append(tagPrefix(v)).append("[]\n");
                } else if (v.tag() != null || inMapping) {
                    if (v.tag() != null) {
                        out.append(" !").append(v.tag());
                    }
                    out.append('\n');
                    // libyaml does not indent a sequence that is a mapping value.
                    sequence(s, inMapping ? indent : indent + 2);
                } else {
                    inline(() -> sequence(s, indent + 2), indent + 2);
                }
            }
        }
    }

    /** Writes a nested block whose first line continues the current line after one space. */
    private void inline(Runnable block, int nestedIndent) {
        int start = out.length();
        block.run();
        out.replace(start, start + nestedIndent, " ");
    }

    static String scalar(Doc.Scalar s, boolean key, int indent) {
        switch (s.kind()) {
            case NULL:
                return "null";
            case BOOL:
            case INTEGER:
                return s.text();
            case FLOAT:
                return YamlScalarStyle.floatText(s.text());
            default:
                return YamlScalarStyle.render(s.text(), key, indent);
        }
    }

}
