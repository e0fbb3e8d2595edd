package io.northstar.nstar;

/**
 * The runtime answered, but not with success (a failed mount among several, a
 * token that does not verify): nstar exits with 1 and this message.
 */
final class ErrorResponse extends Exception {
    ErrorResponse(String message) {
        super(message, null, false, false);
    }
}
