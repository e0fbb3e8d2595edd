package io.northstar.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HumanDurationTest {

    @ParameterizedTest(name = "\"{0}\" = {1} ns")
    @CsvSource(delimiter = '|', value = {
        "10s|10000000000",
        "1m|60000000000",
        "1M|2630016000000000",
        "1h 30m|5400000000000",
        "1h30m|5400000000000",
        "250ms|250000000",
        "5 s|5000000000",
        "1ns|1",
        "3nanos|3",
        "2nsec|2",
        "7us|7000",
        "7usec|7000",
        "4millis|4000000",
        "4msec|4000000",
        "2seconds|2000000000",
        "1second|1000000000",
        "3secs|3000000000",
        "3sec|3000000000",
        "2minutes|120000000000",
        "1minute|60000000000",
        "2min|120000000000",
        "2mins|120000000000",
        "1hours|3600000000000",
        "1hour|3600000000000",
        "1hr|3600000000000",
        "2hrs|7200000000000",
        "1d|86400000000000",
        "1day|86400000000000",
        "2days|172800000000000",
        "1w|604800000000000",
        "1week|604800000000000",
        "2weeks|1209600000000000",
        "1month|2630016000000000",
        "2months|5260032000000000",
        "1y|31557600000000000",
        "1year|31557600000000000",
        "2years|63115200000000000",
        "1s 500ms|1500000000",
        "1m1s|61000000000",
        "'  10s  '|10000000000",
        "1 0s|10000000000",
        "1500ms|1500000000",
    })
    void parses(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), HumanDuration.parse(text));
    }

    @Test
    void minuteIsNotMonth() {
        assertEquals(Duration.ofMinutes(1), HumanDuration.parse("1m"));
        assertEquals(Duration.ofSeconds(2_630_016), HumanDuration.parse("1M"));
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"", "   ", "10", "1.5s", "-1s", "+1s", "10S", "1H", "1 xs", "s", "10s,", "1s-", "1µs",
        "99999999999999999999s", "9999999999999999999y"})
    void rejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse(text));
    }

    @Test
    void errorTexts() {
        assertEquals("value was empty", assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse(""))
                .getMessage());
        assertEquals("time unit needed, for example 10sec or 10ms",
                assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse("10")).getMessage());
        // Sub-second units overflow when scaled to nanoseconds; that is a parse error, as in humantime.
        assertEquals("number is too large", assertThrows(IllegalArgumentException.class,
                () -> HumanDuration.parse("9223372036854775807us")).getMessage());
        assertEquals("number is too large", assertThrows(IllegalArgumentException.class,
                () -> HumanDuration.parse("9223372036854775807ms")).getMessage());
    }

    @ParameterizedTest(name = "{1} formats as \"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "0s|0",
        "10s|10000000000",
        "1m|60000000000",
        "1m 30s|90000000000",
        "250ms|250000000",
        "1h 5ms|3600005000000",
        "1month|2630016000000000",
        "2years 1day|63201600000000000",
    })
    void formats(String text, long nanos) {
        assertEquals(text, HumanDuration.format(Duration.ofNanos(nanos)));
        assertEquals(Duration.ofNanos(nanos), HumanDuration.parse(text));
    }
}
