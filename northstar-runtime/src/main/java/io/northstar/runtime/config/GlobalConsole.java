package io.northstar.runtime.config;

import io.northstar.console.Permissions;
import java.util.Objects;

/**
 * {@code [console.global]}: the console listener reachable from outside.
 *
 * @param permissions granted to every connection accepted on this listener (may be empty)
 */
public record GlobalConsole(ConsoleUrl bind, Permissions permissions, ConsoleOptions options) {
    public GlobalConsole {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(permissions, "permissions");
        Objects.requireNonNull(options, "options");
    }
}
