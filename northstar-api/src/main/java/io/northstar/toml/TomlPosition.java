package io.northstar.toml;

/** Where something was written: 1-based line, and 1-based column counted in characters (code points). */
public record TomlPosition(int line, int column) {
    @Override
    public String toString() {
        return "line " + line + ", column " + column;
    }
}
