package io.northstar.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    @Test
    void readsFreelyBelowTheLimit() {
        Throttle throttle = new Throttle(3, now::get);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, throttle.delayNanos());
            throttle.record();
            now.addAndGet(1_000_000);
        }
    }

    @Test
    void delaysUntilTheOldestMessageIsOneSecondOld() {
        Throttle throttle = new Throttle(2, now::get);
        throttle.record();
        now.addAndGet(100_000_000);
        throttle.record();
        now.addAndGet(100_000_000);
        assertEquals(800_000_000L, throttle.delayNanos());
        now.addAndGet(800_000_000L);
        assertEquals(0, throttle.delayNanos());
    }

    @Test
    void zeroDegeneratesToOnePerSecond() {
        Throttle throttle = new Throttle(0, now::get);
        assertEquals(0, throttle.delayNanos());
        throttle.record();
        assertEquals(1_000_000_000L, throttle.delayNanos());
    }
}
