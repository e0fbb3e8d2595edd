package io.northstar.manifest;

import java.util.List;

/**
 * A parsed document before it is interpreted as a manifest: the common shape of
 * YAML, JSON and TOML input and of the encoder's output. Unlike Jackson's tree
 * it keeps YAML tags, scalar styles, duplicate keys and source positions, which
 * the manifest rules depend on.
 */
sealed interface Doc {
    /**
     * How a scalar was written. YAML plain scalars are typed late (serde_yaml
     * reads any scalar as a string where a string is expected); JSON and TOML
     * scalars are typed by their syntax.
     */
    enum ScalarKind { PLAIN, STRING, INTEGER, FLOAT, BOOL, NULL }

    /** 1-based source position, or null for documents built in memory. */
    record Position(int line, int column) {
        @Override
        public String toString() {
            return "line " + line + " column " + column;
        }
    }

    /** YAML local tag without the leading {@code !}, or null. */
    String tag();

    Position position();

    record Scalar(String text, ScalarKind kind, String tag, Position position) implements Doc {
        static Scalar string(String s) {
            return new Scalar(s, ScalarKind.STRING, null, null);
        }

        static Scalar integer(String decimal) {
            return new Scalar(decimal, ScalarKind.INTEGER, null, null);
        }

        static Scalar bool(boolean b) {
            return new Scalar(Boolean.toString(b), ScalarKind.BOOL, null, null);
        }

        static Scalar nul() {
            return new Scalar("null", ScalarKind.NULL, null, null);
        }

        Scalar withTag(String t) {
            return new Scalar(text, kind, t, position);
        }
    }

    record Sequence(List<Doc> items, String tag, Position position) implements Doc {
    }

    record Entry(Doc key, Doc value) {
    }

    record Mapping(List<Entry> entries, String tag, Position position) implements Doc {
        Mapping withTag(String t) {
            return new Mapping(entries, t, position);
        }
    }
}
