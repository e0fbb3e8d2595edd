package io.northstar.runtime.config;

/**
 * The runtime configuration is invalid. The message starts with
 * {@code config: } and names the key, e.g.
 * {@code config: repositories.default.capacity_size: invalid size "12 XB"}.
 */
public final class ConfigException extends Exception {
    private static final String PREFIX = "config: ";

    public ConfigException(String message) {
        super(PREFIX + message);
    }

    public ConfigException(String message, Throwable cause) {
        super(PREFIX + message, cause);
    }

    /**
     * The same error naming the file it was found in ({@code config: /etc/northstar/northstar.toml:
     * TOML syntax error at line 12, column 7: ...}): an operator with several configs sees which one.
     */
    ConfigException in(java.nio.file.Path file) {
        return new ConfigException(file + ": " + getMessage().substring(PREFIX.length()), this);
    }
}
