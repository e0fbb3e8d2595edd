package io.northstar.console;

import java.util.Optional;

/**
 * What the console's result types share: one of their variants carries the {@link ConsoleError} of a refused
 * or failed request, and {@link #failure()} finds it the same way for all of them.
 */
public interface RequestResult {

    /** The variant of a result that carries the error of a refused or failed request. */
    interface Failed {
        ConsoleError error();
    }

    /** The error of a refused or failed request; empty when the request succeeded. */
    default Optional<ConsoleError> failure() {
        return this instanceof Failed failed ? Optional.of(failed.error()) : Optional.empty();
    }
}
