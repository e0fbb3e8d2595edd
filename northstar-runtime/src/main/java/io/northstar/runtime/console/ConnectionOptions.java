package io.northstar.runtime.console;

import io.northstar.runtime.config.ConsoleOptions;
import java.time.Duration;

/**
 * The limits of one console connection (ConsoleOptions of runtime-config §2.2.2, plus the
 * extensions connect_timeout, idle_timeout and max_outbox_size).
 */
public record ConnectionOptions(long maxRequestSize, int maxRequestsPerSec, long maxNpkInstallSize,
        Duration npkStreamTimeout, Duration tokenValidity, int notificationBufferSize, Duration connectTimeout,
        Duration idleTimeout, long maxOutboxSize) {

    public static final ConnectionOptions DEFAULTS = of(ConsoleOptions.defaults(), 128);

    /** The options of a listener, with the runtime-wide {@code notification_buffer_size}. */
    public static ConnectionOptions of(ConsoleOptions options, long notificationBufferSize) {
        return new ConnectionOptions(options.maxRequestSize(),
                (int) Math.min(Integer.MAX_VALUE, options.maxRequestsPerSec()), options.maxNpkInstallSize(),
                options.npkStreamTimeout(), options.tokenValidity(),
                (int) Math.min(Integer.MAX_VALUE, notificationBufferSize), options.connectTimeout(),
                options.idleTimeout(), options.maxOutboxSize());
    }
}
