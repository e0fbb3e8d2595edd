package io.northstar.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cases taken from the behaviour of Rust's semver 1.0 (Cargo's requirement rules). */
class VersionReqTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.2.3|^1.2.3",
        "*|*",
        "x|*",
        "1.*|1.*",
        "1.2.*|1.2.*",
        "1.x|1.*",
        ">= 1.2, < 2|>=1.2, <2",
        "=0.0.1|=0.0.1",
        "~1|~1",
        "^0.1.0-beta.1|^0.1.0-beta.1",
        ">=1.*|>=1",
        "  1.0.0  |^1.0.0",
    })
    void display(String in, String out) {
        assertEquals(out, VersionReq.parse(in).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1.0.0 2", "*, 1", "1, *", "01", "1.2.3-", ">", "1.*.3", "a", "1.0.0,"})
    void invalid(String in) {
        assertThrows(InvalidValueException.class, () -> VersionReq.parse(in));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "^1.2.3|1.2.3|true", "^1.2.3|1.9.0|true", "^1.2.3|2.0.0|false", "^1.2.3|1.2.2|false",
        "^0.2.3|0.2.9|true", "^0.2.3|0.3.0|false", "^0.0.3|0.0.3|true", "^0.0.3|0.0.4|false",
        "^0|0.9.9|true", "^0.0|0.0.7|true", "^0.0|0.1.0|false", "^1.2|1.3.0|true",
        "~1.2.3|1.2.9|true", "~1.2.3|1.3.0|false", "~1|1.9.0|true", "~1.2|1.2.0|true",
        "=1.2.3|1.2.3|true", "=1.2|1.2.7|true", "=1|1.5.0|true", "=1.2.3|1.2.4|false",
        ">1.2.3|1.2.4|true", ">1.2|1.2.9|false", ">1.2|1.3.0|true", ">=1.2.3|1.2.3|true",
        "<1.2.3|1.2.2|true", "<1.2|1.1.9|true", "<1.2|1.2.0|false", "<=1.2|1.2.9|true",
        "1.*|1.4.0|true", "1.*|2.0.0|false", "*|99.0.0|true",
        ">=1.0.0, <2.0.0|1.5.0|true", ">=1.0.0, <2.0.0|2.0.0|false",
        ">1.2.3-alpha|1.2.3|true", "=1.2.3-alpha|1.2.3|false", "<1.2.3-alpha|1.2.3|false",
        "^0.0.1|0.0.1|true",
    })
    void matches(String req, String version, boolean expected) {
        assertEquals(expected, VersionReq.parse(req).matches(Version.parse(version)), req + " vs " + version);
    }

    @org.junit.jupiter.api.Test
    void atMost32Comparators() {
        String ok = String.join(", ", java.util.Collections.nCopies(32, ">=1"));
        assertEquals(32, VersionReq.parse(ok).comparators().size());
        assertThrows(InvalidValueException.class, () -> VersionReq.parse(ok + ", >=1"));
    }
}
