package io.northstar.sextant;

/** A failure to report to the user as one line, without a stack trace. */
final class SextantException extends Exception {
    SextantException(String message) {
        super(message);
    }

    SextantException(String message, Throwable cause) {
        super(message, cause);
    }
}
