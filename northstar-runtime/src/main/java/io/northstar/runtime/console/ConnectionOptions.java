package io.northstar.runtime.console;

import java.time.Duration;

/** The limits of one console connection (ConsoleOptions of runtime-config §2.2.2). */
public record ConnectionOptions(long maxRequestSize, int maxRequestsPerSec, long maxNpkInstallSize,
        Duration npkStreamTimeout, Duration tokenValidity, int notificationBufferSize) {

    public static final ConnectionOptions DEFAULTS = new ConnectionOptions(1_048_576, 1000, 268_435_456,
            Duration.ofSeconds(10), Duration.ofSeconds(60), 128);
}
