package io.northstar.console;

/**
 * A console line that is not a valid {@link Message}: malformed JSON, a shape that
 * does not match the model, or a value that breaks the rules of its type. The
 * message starts with the path of the offending field, e.g.
 * {@code request.start.container: invalid container "hello:1.0": ...}.
 *
 * <p>The Rust runtime closes the connection silently on any of these; the
 * message is for logs and for client-side diagnostics.
 */
public final class ConsoleDecodingException extends RuntimeException {
    private final String path;

    public ConsoleDecodingException(String path, String detail) {
        super(path + ": " + detail);
        this.path = path;
    }

    public ConsoleDecodingException(String path, String detail, Throwable cause) {
        super(path + ": " + detail, cause);
        this.path = path;
    }

    /** Dotted path of the field that failed, {@code message} for the document itself. */
    public String path() {
        return path;
    }
}
