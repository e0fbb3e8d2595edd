package io.northstar.runtime.config;

/**
 * The runtime configuration is invalid. The message starts with
 * {@code config: } and names the key, e.g.
 * {@code config: repositories.default.capacity_size: invalid size "12 XB"}.
 */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super("config: " + message);
    }

    public ConfigException(String message, Throwable cause) {
        super("config: " + message, cause);
    }
}
