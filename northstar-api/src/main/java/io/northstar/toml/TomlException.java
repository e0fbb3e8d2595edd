package io.northstar.toml;

/**
 * The text is not TOML 1.0, or nests deeper than the reader allows. The message names the place
 * and what was expected there: {@code line 12, column 7: expected '=' after key}.
 */
public final class TomlException extends Exception {
    private final TomlPosition position;
    private final String reason;

    public TomlException(TomlPosition position, String reason) {
        super(position + ": " + reason);
        this.position = position;
        this.reason = reason;
    }

    public TomlPosition position() {
        return position;
    }

    /** What is wrong, without the place. */
    public String reason() {
        return reason;
    }

    /** The message in the form of compilers, with the name of the file: {@code config.toml:12:7: expected ...}. */
    public String in(String source) {
        return source + ":" + position.line() + ":" + position.column() + ": " + reason;
    }
}
