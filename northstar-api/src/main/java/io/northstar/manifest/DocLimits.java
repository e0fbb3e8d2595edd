package io.northstar.manifest;

/**
 * The bounds of every structured document read from outside (manifests in YAML, JSON and TOML;
 * the runtime's TOML config): how deep it may nest and how many nodes it may have once YAML
 * aliases are expanded. A YAML alias is a reference: a few hundred bytes of anchors that each
 * repeat the one before twice expand to billions of nodes, so the count is taken while the
 * document is expanded, not from its size. See docs/security.md.
 */
public final class DocLimits {

    /** Deepest nesting of sequences and mappings. */
    public static final int MAX_DEPTH = 128;

    /**
     * Most nodes (scalars, sequences, mappings, keys included) of one document after alias
     * expansion. A large real manifest (every syscall of the default profile listed, 64 env
     * entries, dozens of mounts) has a few thousand.
     */
    public static final int MAX_NODES = 100_000;

    private DocLimits() {
    }

    /** Counts the nodes of one document as they are made. */
    static final class NodeBudget {
        private final String dialect;
        private int nodes;

        NodeBudget(String dialect) {
            this.dialect = dialect;
        }

        void take(Doc.Position at) {
            if (++nodes > MAX_NODES) {
                throw new ManifestException(ManifestException.Stage.PARSE, "", dialect + " document has more than "
                        + MAX_NODES + " nodes" + (dialect.equals("YAML") ? " once its aliases are expanded" : "")
                        + (at == null ? "" : " (at " + at + ")"));
            }
        }
    }

    /**
     * The deepest nesting of {@code [}/{@code {}} in TOML text, outside strings and comments.
     * The TOML parser recurses per level without a bound of its own, so text is measured
     * before it is parsed.
     */
    public static int tomlDepth(String text) {
        int depth = 0;
        int max = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            switch (c) {
                case '#' -> {
                    while (i < n && text.charAt(i) != '\n') {
                        i++;
                    }
                }
                case '"' -> i = text.startsWith("\"\"\"", i) ? skip(text, i + 3, "\"\"\"", true)
                        : skip(text, i + 1, "\"", true);
                case '\'' -> i = text.startsWith("'''", i) ? skip(text, i + 3, "'''", false)
                        : skip(text, i + 1, "'", false);
                case '[', '{' -> {
                    max = Math.max(max, ++depth);
                    i++;
                }
                case ']', '}' -> {
                    depth = Math.max(0, depth - 1);
                    i++;
                }
                default -> i++;
            }
        }
        return max;
    }

    /** The index after the {@code end} that closes a string starting at {@code i}. */
    private static int skip(String text, int i, String end, boolean escapes) {
        int n = text.length();
        while (i < n) {
            if (escapes && text.charAt(i) == '\\') {
                i += 2;
            } else if (text.startsWith(end, i)) {
                return i + end.length();
            } else if (end.length() == 1 && text.charAt(i) == '\n') {
                return i + 1; // a one-line string ends at the line end at the latest
            } else {
                i++;
            }
        }
        return n;
    }

    /** Refuses TOML text nested deeper than {@link #MAX_DEPTH} before it reaches the parser. */
    static void checkTomlDepth(String text) {
        int depth = tomlDepth(text);
        if (depth > MAX_DEPTH) {
            throw new ManifestException(ManifestException.Stage.PARSE, "",
                    "invalid TOML: nested " + depth + " levels deep, at most " + MAX_DEPTH + " allowed");
        }
    }
}
