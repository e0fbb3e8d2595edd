package io.northstar.runtime.console;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Sliding one-second window over the messages read from one connection (docs/protocol.md, "Limits and throttling"):
 * never rejects, only delays the next read until the oldest message in the window is a second old.
 */
final class Throttle {

    private static final long SECOND = 1_000_000_000L;

    private final int maxPerSecond;
    private final LongSupplier nanoClock;
    private final ArrayDeque<Long> window = new ArrayDeque<>();

    Throttle(int maxPerSecond, LongSupplier nanoClock) {
        this.maxPerSecond = maxPerSecond;
        this.nanoClock = nanoClock;
    }

    /** How long to wait before the next message may be read; 0 if it may be read now. */
    long delayNanos() {
        long now = nanoClock.getAsLong();
        while (!window.isEmpty() && now - window.peekFirst() >= SECOND) {
            window.pollFirst();
        }
        if (window.size() < Math.max(1, maxPerSecond)) {
            return 0;
        }
        return SECOND - (now - window.peekFirst());
    }

    /** Waits as long as {@link #delayNanos()} says. */
    void await() throws InterruptedException {
        long delay;
        while ((delay = delayNanos()) > 0) {
            Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
        }
    }

    /** Records that one message was read now. */
    void record() {
        window.addLast(nanoClock.getAsLong());
    }
}
