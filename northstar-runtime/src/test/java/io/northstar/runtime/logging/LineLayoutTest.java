package io.northstar.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/** The runtime's log lines: the layouts, and the escaping of what comes from outside (io.northstar.common.EscapedText). */
class LineLayoutTest {

    /** What {@code log} writes to stdout through the daemon's logger and output, as text. */
    static String written(LineLayout layout, String logger, Consumer<Logger> log) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            log.accept(new DaemonLogger(logger, Level.DEBUG.toInt(), new LogOutput(layout)));
        } finally {
            System.setOut(stdout);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theRuntimeLayoutEscapesMessagesArgumentsAndExceptionMessages() {
        String text = written(LineLayout.TIMESTAMPED, "io.northstar.runtime.container", log -> {
            log.info("{}: {}", "hello:0.0.1", "\rfake line\n12:00:00.000 INFO  Daemon: forged\u001b[31m");
            log.warn("Install into {} failed", "repo\nERROR x", new IllegalStateException("entry \"a\nb\u001b[2J\"",
                    new RuntimeException("cause\rline")));
        });
        String[] lines = text.split("\n");
        assertTrue(lines[0].endsWith("INFO  container: hello:0.0.1: \\rfake line\\n12:00:00.000 INFO  Daemon: forged\\x1b[31m"),
                lines[0]);
        assertTrue(lines[1].endsWith("WARN  container: Install into repo\\nERROR x failed"), lines[1]);
        assertEquals("java.lang.IllegalStateException: entry \"a\\nb\\x1b[2J\"", lines[2]);
        assertTrue(text.contains("Caused by: java.lang.RuntimeException: cause\\rline\n"), text);
        assertFalse(text.contains("\r") || text.contains("\u001b"), text);
        for (int i = 3; i < lines.length; i++) {
            assertTrue(lines[i].startsWith("\tat ") || lines[i].startsWith("\t... ")
                    || lines[i].startsWith("Caused by: "), "a stack trace line: " + lines[i]);
        }
    }

    /** The lines users see (README), unchanged from the logback pattern {@code %d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n}. */
    @Test
    void timestampedLines() {
        String text = written(LineLayout.TIMESTAMPED, "io.northstar.runtime.state.ContainerStateMachine", log -> {
            log.info("Trying to start {}", "hello-world:0.0.1");
            log.debug("Mounted {} in {}", "a", "b");
            log.error("Failed");
        });
        assertTrue(Pattern.compile("""
                \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  ContainerStateMachine: Trying to start hello-world:0.0.1
                \\d\\d:\\d\\d:\\d\\d\\.\\d{3} DEBUG ContainerStateMachine: Mounted a in b
                \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR ContainerStateMachine: Failed
                """).matcher(text).matches(), text);
    }

    /** Under systemd: no time stamp (journald adds it), no colours, the sd-daemon priority first. */
    @Test
    void journalLinesStartWithTheirPriority() {
        String text = written(LineLayout.JOURNAL, "io.northstar.runtime.Daemon", log -> {
            log.error("e");
            log.warn("w");
            log.info("i");
            log.debug("d");
        });
        assertEquals("<3>ERROR Daemon: e\n<4>WARN  Daemon: w\n<6>INFO  Daemon: i\n<7>DEBUG Daemon: d\n", text);
    }

    /** On a terminal: the level coloured as logback's %highlight, the logger cyan. */
    @Test
    void terminalLinesAreColoured() {
        String text = written(LineLayout.COLOURED, "io.northstar.runtime.Daemon", log -> {
            log.error("e");
            log.info("i");
        });
        String[] lines = text.split("\n");
        assertTrue(lines[0].matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \u001b\\[1;31mERROR\u001b\\[0;39m \u001b\\[36mDaemon\u001b\\[0;39m: e"),
                lines[0]);
        assertTrue(lines[1].endsWith(" \u001b[34mINFO \u001b[0;39m \u001b[36mDaemon\u001b[0;39m: i"), lines[1]);
    }

    /** Frames a cause shares with the exception that wraps it are counted, not repeated; suppressed ones are indented. */
    @Test
    void stackTracesAsLogbackWroteThem() {
        Exception outer = new Exception("outer", new IllegalArgumentException());
        outer.addSuppressed(new IllegalStateException("closing"));
        String text = written(LineLayout.JOURNAL, "x", log -> log.error("failed", outer));
        String[] lines = text.split("\n");
        assertEquals("<3>ERROR x: failed", lines[0]);
        assertEquals("java.lang.Exception: outer", lines[1]);
        assertTrue(lines[2].startsWith("\tat io.northstar.runtime.logging.LineLayoutTest.stackTracesAsLogbackWroteThem("),
                lines[2]);
        assertTrue(text.contains("\n\tSuppressed: java.lang.IllegalStateException: closing\n\t\tat "), text);
        assertTrue(Pattern.compile("\n\t\t\\.\\.\\. \\d+ common frames omitted\n").matcher(text).find(), text);
        assertTrue(text.contains("\nCaused by: java.lang.IllegalArgumentException: null\n"), text);
        assertTrue(Pattern.compile("\n\t\\.\\.\\. \\d+ common frames omitted\n$").matcher(text).find(), text);
    }

    @Test
    void aCyclicCauseIsNamedOnce() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        String text = written(LineLayout.JOURNAL, "x", log -> log.error("loop", a));
        assertTrue(text.endsWith("Caused by: [CIRCULAR REFERENCE: java.lang.RuntimeException: a]\n"), text);
    }

    @Test
    void aTrailingExceptionArgumentIsTheLoggedException() {
        IllegalStateException failure = new IllegalStateException("boom");
        String text = written(LineLayout.JOURNAL, "x", log -> log.error("Thread {} died of {}: exiting", "t", failure, failure));
        assertTrue(text.startsWith("<3>ERROR x: Thread t died of java.lang.IllegalStateException: boom: exiting\n"
                + "java.lang.IllegalStateException: boom\n\tat "), text);
    }

    @Test
    void layoutFollowsStdout() {
        assertEquals(LineLayout.JOURNAL, LineLayout.of(true, true));
        assertEquals(LineLayout.TIMESTAMPED, LineLayout.of(false, false));
        assertEquals(LineLayout.COLOURED, LineLayout.of(false, true));
    }

    @Test
    void journalStreamMustNameStdout() throws Exception {
        assertFalse(LineLayout.stdoutIsJournal(null));
        assertFalse(LineLayout.stdoutIsJournal("1:2"));
        assertFalse(LineLayout.stdoutIsJournal("garbage"));
        Map<String, Object> stdout = Files.readAttributes(Path.of("/proc/self/fd/1"), "unix:dev,ino");
        assertTrue(LineLayout.stdoutIsJournal(stdout.get("dev") + ":" + stdout.get("ino")));
    }
}
