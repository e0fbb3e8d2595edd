package io.northstar.runtime.config;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code [console]}.
 *
 * @param global  the external listener; empty means no listening socket
 * @param options options for <em>container</em> console connections only
 */
public record ConsoleConfig(Optional<GlobalConsole> global, ConsoleOptions options) {
    public ConsoleConfig {
        Objects.requireNonNull(global, "global");
        Objects.requireNonNull(options, "options");
    }

    public static ConsoleConfig defaults() {
        return new ConsoleConfig(Optional.empty(), ConsoleOptions.defaults());
    }
}
