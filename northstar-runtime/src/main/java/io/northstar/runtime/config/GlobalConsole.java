package io.northstar.runtime.config;

import io.northstar.manifest.ConsolePermission;
import java.util.Objects;
import java.util.Set;

/**
 * {@code [console.global]}: the console listener reachable from outside.
 *
 * @param permissions granted to every connection accepted on this listener (may be empty)
 */
public record GlobalConsole(ConsoleUrl bind, Set<ConsolePermission> permissions, ConsoleOptions options) {
    public GlobalConsole {
        Objects.requireNonNull(bind, "bind");
        permissions = Set.copyOf(permissions);
        Objects.requireNonNull(options, "options");
    }
}
