package io.northstar.runtime.config;

import io.northstar.manifest.ConsolePermission;
import java.util.Objects;
import java.util.Set;

/**
 * {@code [console.global]}: the console listener reachable from outside.
 *
 * @param permissions    granted to every connection accepted on this listener (may be empty)
 * @param maxConnections extension: connections served at once; one more is closed as soon as it is accepted
 * @param socket         extension: mode and owner of the socket file of a {@code unix://} listener
 */
public record GlobalConsole(ConsoleUrl bind, Set<ConsolePermission> permissions, ConsoleOptions options,
                            int maxConnections, SocketFile socket) {
    public static final int DEFAULT_MAX_CONNECTIONS = 8;

    public GlobalConsole {
        Objects.requireNonNull(bind, "bind");
        permissions = Set.copyOf(permissions);
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(socket, "socket");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
    }
}
