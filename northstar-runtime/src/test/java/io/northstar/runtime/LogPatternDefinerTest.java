package io.northstar.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class LogPatternDefinerTest {

    @Test
    void underSystemdNoTimestampsAndNoColours() {
        String pattern = LogPatternDefiner.pattern(true, true);
        assertEquals(LogPatternDefiner.PLAIN, pattern);
        assertFalse(pattern.contains("%d"));
        assertFalse(pattern.contains("highlight"));
    }

    @Test
    void notATerminalTimestampsWithoutColours() {
        assertEquals(LogPatternDefiner.TIMESTAMPED, LogPatternDefiner.pattern(false, false));
        assertFalse(LogPatternDefiner.TIMESTAMPED.contains("highlight"));
    }

    @Test
    void terminalColours() {
        assertEquals(LogPatternDefiner.COLOURED, LogPatternDefiner.pattern(false, true));
    }
}
