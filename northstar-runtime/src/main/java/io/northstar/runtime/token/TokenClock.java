package io.northstar.runtime.token;

/**
 * Whole seconds on a monotonic clock (docs/protocol.md, "Tokens"). Injectable so that tests can
 * move time without sleeping.
 */
@FunctionalInterface
public interface TokenClock {

    /** Seconds since this clock's epoch, truncated. */
    long nowSeconds();

    /**
     * Northstar's clock: a monotonic clock whose epoch is the first reading (Rust initialises
     * it lazily at the first token operation of the process).
     */
    static TokenClock monotonic() {
        return new TokenClock() {
            private long epochNanos;
            private boolean started;

            @Override
            public synchronized long nowSeconds() {
                long now = System.nanoTime();
                if (!started) {
                    started = true;
                    epochNanos = now;
                }
                return (now - epochNanos) / 1_000_000_000L;
            }
        };
    }
}
