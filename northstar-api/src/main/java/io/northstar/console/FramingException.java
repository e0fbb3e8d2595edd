package io.northstar.console;

import java.io.IOException;

/** The byte stream cannot be split into console lines; the connection must be closed. */
public final class FramingException extends IOException {
    public enum Reason {
        /** More than {@code max_request_size} bytes without a {@code \n}. */
        LINE_TOO_LONG,
        /** The peer closed the stream in the middle of a line. */
        BYTES_REMAINING
    }

    private final Reason reason;

    public FramingException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
