package io.northstar.runtime.logs;

/**
 * How much output the runtime keeps per container ({@code [logs]} of docs/config.md): at most
 * {@code maxLines} lines and {@code maxBytes} bytes (UTF-8 of the kept text); the oldest lines go
 * first. Zero keeps nothing (followers still get every line).
 */
public record LogLimits(int maxLines, long maxBytes) {

    public static final int DEFAULT_MAX_LINES = 1000;
    public static final long DEFAULT_MAX_BYTES = 256 * 1024;
    /** Every installed container may hold this much: more would let containers fill the heap. */
    public static final int MAX_LINES = 1_000_000;
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    public static final LogLimits DEFAULTS = new LogLimits(DEFAULT_MAX_LINES, DEFAULT_MAX_BYTES);

    public LogLimits {
        if (maxLines < 0 || maxLines > MAX_LINES) {
            throw new IllegalArgumentException("max_lines must be between 0 and " + MAX_LINES + ": " + maxLines);
        }
        if (maxBytes < 0 || maxBytes > MAX_BYTES) {
            throw new IllegalArgumentException("max_size must be between 0 and " + MAX_BYTES + " bytes: " + maxBytes);
        }
    }
}
