package io.northstar.runtime.config;

import java.nio.file.Path;

/** Where the global console listens: {@code tcp://host[:port]} or {@code unix:///path}. */
public sealed interface ConsoleUrl {
    int DEFAULT_TCP_PORT = 4200;

    /** The URL as written in the config. */
    String url();

    /** A TCP listener; the host is resolved when binding and the first address is used. */
    record Tcp(String url, String host, int port) implements ConsoleUrl {
    }

    /** A Unix socket listener; a file already at {@code path} is deleted before binding. */
    record Unix(String url, Path path) implements ConsoleUrl {
    }
}
