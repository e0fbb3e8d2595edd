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
 * @param connectTimeout     extension: the {@code connect} message must have arrived this long after the
 *                           accept, else the connection is closed (a deadline, not a per-read timeout);
 *                           not applied to container consoles
 * @param idleTimeout        extension: a connection that is not subscribed to notifications and sends
 *                           no request for this long is closed; {@link Duration#ZERO} disables it; not
 *                           applied to container consoles
 * @param maxOutboxSize      extension: bytes of responses and notifications queued for a client that
 *                           does not read them; more closes the connection
 */
public record ConsoleOptions(Duration tokenValidity, long maxRequestsPerSec, long maxRequestSize,
                             long maxNpkInstallSize, Duration npkStreamTimeout, Duration connectTimeout,
                             Duration idleTimeout, long maxOutboxSize) {
    public static final Duration DEFAULT_TOKEN_VALIDITY = Duration.ofSeconds(60);
    public static final long DEFAULT_MAX_REQUESTS_PER_SEC = 1000;
    public static final long DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    public static final long DEFAULT_MAX_NPK_INSTALL_SIZE = 256L * 1024 * 1024;
    public static final Duration DEFAULT_NPK_STREAM_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final long DEFAULT_MAX_OUTBOX_SIZE = 256 * 1024;

    public ConsoleOptions {
        Objects.requireNonNull(tokenValidity, "tokenValidity");
        Objects.requireNonNull(npkStreamTimeout, "npkStreamTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    public static ConsoleOptions defaults() {
        return new ConsoleOptions(DEFAULT_TOKEN_VALIDITY, DEFAULT_MAX_REQUESTS_PER_SEC, DEFAULT_MAX_REQUEST_SIZE,
                DEFAULT_MAX_NPK_INSTALL_SIZE, DEFAULT_NPK_STREAM_TIMEOUT, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_OUTBOX_SIZE);
    }
}
