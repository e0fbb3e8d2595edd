package io.northstar.common;

/**
 * A value (name, version, container id, ...) that does not follow the rules of
 * its type. The message names the type and quotes the offending input so that
 * it can be shown to a user or logged as it is.
 */
public final class InvalidValueException extends IllegalArgumentException {
    public InvalidValueException(String message) {
        super(message);
    }
}
