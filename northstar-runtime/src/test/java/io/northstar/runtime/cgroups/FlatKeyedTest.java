package io.northstar.runtime.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class FlatKeyedTest {

    @Test
    void parsesCountersAndSkipsOtherLines() {
        assertEquals(Map.of("low", 0L, "oom_kill", 3L, "big", -1L),
                FlatKeyed.parse("low 0\noom_kill 3\nbig 18446744073709551615\nnonsense\nkey value\n\n"));
    }

    @Test
    void keepsFileOrder() {
        assertEquals("[nr_periods, nr_throttled, throttled_time]",
                FlatKeyed.parse("nr_periods 5\nnr_throttled 2\nthrottled_time 100\n").keySet().toString());
    }
}
