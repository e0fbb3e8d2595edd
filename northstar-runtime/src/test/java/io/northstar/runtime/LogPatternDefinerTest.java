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

    @Test
    void journalStreamMustNameStdout() throws Exception {
        assertFalse(LogPatternDefiner.stdoutIsJournal(null));
        assertFalse(LogPatternDefiner.stdoutIsJournal("1:2"));
        assertFalse(LogPatternDefiner.stdoutIsJournal("garbage"));
        java.util.Map<String, Object> stdout = java.nio.file.Files.readAttributes(
                java.nio.file.Path.of("/proc/self/fd/1"), "unix:dev,ino");
        org.junit.jupiter.api.Assertions.assertTrue(
                LogPatternDefiner.stdoutIsJournal(stdout.get("dev") + ":" + stdout.get("ino")));
    }

    @Test
    void underSystemdEachLineStartsWithItsPriority() {
        org.junit.jupiter.api.Assertions.assertTrue(LogPatternDefiner.PLAIN.startsWith("%priority"));
    }
}
