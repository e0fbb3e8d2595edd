package io.northstar.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** NORTHSTAR_LOG: levels per logger, the most specific entry winning. */
class LogLevelsTest {

    static LogLevels parse(String spec) {
        List<String> problems = new ArrayList<>();
        LogLevels levels = LogLevels.parse(spec, problems::add);
        assertEquals(List.of(), problems);
        return levels;
    }

    @Test
    void byDefaultTheRuntimeAtDebugAndLibrariesAtInfo() {
        for (String unset : new String[] {null, "", " "}) {
            LogLevels levels = parse(unset);
            assertEquals(Level.DEBUG.toInt(), levels.threshold("io.northstar.runtime.Daemon"));
            assertEquals(Level.DEBUG.toInt(), levels.threshold("io.northstar"));
            assertEquals(Level.INFO.toInt(), levels.threshold("io.northstarx.Other"));
            assertEquals(Level.INFO.toInt(), levels.threshold("org.example.Library"));
        }
    }

    @Test
    void aBareLevelSetsEveryLoggerAndNamedOnesTheirSubtree() {
        LogLevels levels = parse("warn, io.northstar.runtime=DEBUG ,io.northstar.runtime.container=off");
        assertEquals(Level.WARN.toInt(), levels.threshold("io.northstar.npk.Npk"));
        assertEquals(Level.DEBUG.toInt(), levels.threshold("io.northstar.runtime.Daemon"));
        assertEquals(LogLevels.OFF, levels.threshold("io.northstar.runtime.container"));
        assertEquals(Level.DEBUG.toInt(), levels.threshold("io.northstar.runtime.containers"));
        assertEquals(Level.TRACE.toInt(), parse("trace").threshold("a.b"));
        assertEquals(Level.INFO.toInt(), parse("io.northstar=error").threshold("org.x"), "no bare level: root stays info");
    }

    @Test
    void aBadEntryIsReportedAndLeftOut() {
        List<String> problems = new ArrayList<>();
        LogLevels levels = LogLevels.parse("io.northstar=loud,error,=debug", problems::add);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("'io.northstar=loud'"), problems.get(0));
        assertTrue(problems.get(1).contains("'=debug'"), problems.get(1));
        assertEquals(Level.ERROR.toInt(), levels.threshold("io.northstar.runtime.Daemon"));
        assertFalse(problems.get(0).contains("\n"));
    }
}
