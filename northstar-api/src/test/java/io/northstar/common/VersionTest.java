package io.northstar.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    @ParameterizedTest
    @CsvSource({
        "0.0.1, 0.0.1",
        "1.2.3, 1.2.3",
        "1.0.0-rc.1, 1.0.0",
        "1.0.0-alpha+build.5, 1.0.0",
        "1.0.0+001, 1.0.0",
        "18446744073709551615.0.0, 18446744073709551615.0.0",
    })
    void parsesAndDropsPreReleaseAndBuild(String in, String out) {
        assertEquals(out, Version.parse(in).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.0", "v1.0.0", "01.0.0", "1.01.0", " 1.0.0", "1.0.0 ", "1.0.0-", "1.0.0-01",
        "1.0.0+", "1.0.0-a..b", "18446744073709551616.0.0", "1.0.0:x", "1.0.0\0"})
    void rejectsInvalid(String in) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Version.parse(in));
        assertTrue(e.getMessage().startsWith("invalid version"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void ordersNumerically() {
        assertTrue(Version.parse("0.10.0").compareTo(Version.parse("0.9.99")) > 0);
        assertTrue(Version.parse("18446744073709551615.0.0").compareTo(Version.parse("1.0.0")) > 0);
        assertEquals(Version.parse("1.0.0-rc.1"), Version.parse("1.0.0"));
    }
}
