package io.northstar.runtime.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-connection limits of a console listener ({@code [console.options]},
 * {@code [console.global.options]}).
 *
 * @param tokenValidity      lifetime of tokens verified on the connection
 * @param maxRequestsPerSec  at most this many messages are read in any sliding second; more are delayed
 * @param maxRequestSize     maximum bytes of one JSON line; longer closes the connection
 * @param maxNpkInstallSize  maximum {@code size} of an install request; larger closes the connection
 * @param npkStreamTimeout   maximum wait for each chunk of NPK bytes during an install
 */
public record ConsoleOptions(Duration tokenValidity, long maxRequestsPerSec, long maxRequestSize,
                             long maxNpkInstallSize, Duration npkStreamTimeout) {
    public static final Duration DEFAULT_TOKEN_VALIDITY = Duration.ofSeconds(60);
    public static final long DEFAULT_MAX_REQUESTS_PER_SEC = 1000;
    public static final long DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    public static final long DEFAULT_MAX_NPK_INSTALL_SIZE = 256L * 1024 * 1024;
    public static final Duration DEFAULT_NPK_STREAM_TIMEOUT = Duration.ofSeconds(10);

    public ConsoleOptions {
        Objects.requireNonNull(tokenValidity, "tokenValidity");
        Objects.requireNonNull(npkStreamTimeout, "npkStreamTimeout");
    }

    public static ConsoleOptions defaults() {
        return new ConsoleOptions(DEFAULT_TOKEN_VALIDITY, DEFAULT_MAX_REQUESTS_PER_SEC, DEFAULT_MAX_REQUEST_SIZE,
                DEFAULT_MAX_NPK_INSTALL_SIZE, DEFAULT_NPK_STREAM_TIMEOUT);
    }
}
