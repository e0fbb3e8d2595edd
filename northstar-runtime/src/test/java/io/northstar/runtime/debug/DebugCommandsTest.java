package io.northstar.runtime.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.northstar.common.Container;
import io.northstar.runtime.logging.LogCapture;
import io.northstar.runtime.logging.LogEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spawns real commands against a real process and checks what reaches the log. */
class DebugCommandsTest {

    static final Container C = Container.of("debugged", "1.2.3");

    LogCapture containerLog;
    LogCapture runtimeLog;
    Process target;

    @BeforeEach
    void setUp() throws IOException {
        containerLog = LogCapture.of(DebugCommands.OUTPUT.getName());
        runtimeLog = LogCapture.of(DebugCommands.class.getName());
        target = new ProcessBuilder("sleep", "60").start();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        target.destroyForcibly().waitFor();
        containerLog.close();
        runtimeLog.close();
    }

    List<String> messages(LogCapture a) {
        // the output logger prefixes each line with the container
        return a.events().stream().map(LogEvent::message)
                .map(m -> m.startsWith(C + ": ") ? m.substring(C.toString().length() + 2) : m).toList();
    }

    void awaitLine(LogCapture a, String prefix) throws InterruptedException {
        for (int i = 0; i < 1000 && messages(a).stream().noneMatch(m -> m.startsWith(prefix)); i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void commandSeesTheContainerPidAndItsOutputIsLogged() throws Exception {
        long pid = target.pid();
        // reads the state of the target's /proc entry: proves <PID> named the real process
        DebugCommands commands = new DebugCommands(List.of("grep -h ^Name: /proc/<PID>/status", "echo <CONTAINER> err >&2"));
        List<Process> started = commands.spawn(pid, C);
        assertEquals(2, started.size());
        for (Process p : started) {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        awaitLine(containerLog, "command echo");
        awaitLine(containerLog, "command grep");
        List<String> lines = messages(containerLog);
        assertTrue(lines.contains("Name:\tsleep"), lines.toString());
        // no shell: ">&2" is an argument of echo and lands on stdout
        assertTrue(lines.contains("debugged:1.2.3 err >&2"), lines.toString());
        assertTrue(lines.contains("command grep -h ^Name: /proc/" + pid + "/status exited with exit status: 0"), lines.toString());
        assertTrue(lines.contains("command echo debugged:1.2.3 err >&2 exited with exit status: 0"), lines.toString());
        assertTrue(lines.indexOf("Name:\tsleep") < lines.indexOf("command grep -h ^Name: /proc/" + pid + "/status exited with exit status: 0"));
        assertTrue(messages(runtimeLog).contains("Spawning debug command: grep -h ^Name: /proc/" + pid + "/status"));
    }

    @Test
    void failingCommandReportsItsStatus() throws Exception {
        DebugCommands commands = new DebugCommands(List.of("ls /nonexistent-<PID>"));
        Process p = commands.spawn(target.pid(), C).get(0);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        awaitLine(containerLog, "command ls");
        List<String> lines = messages(containerLog);
        assertTrue(lines.stream().anyMatch(l -> l.contains("/nonexistent-" + target.pid())), lines.toString());
        assertTrue(lines.contains("command ls /nonexistent-" + target.pid() + " exited with exit status: 2"), lines.toString());
    }

    @Test
    void straceAttachesToTheContainerProcess() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/strace").canExecute(),
                "strace not installed (/usr/bin/strace)");
        // the command the Northstar integration tests configure, minus sudo (we are root)
        Process p = new DebugCommands(List.of("strace -c -p <PID>")).spawn(target.pid(), C).get(0);
        Thread.sleep(300);
        target.destroyForcibly().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        awaitLine(containerLog, "command strace");
        List<String> lines = messages(containerLog);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("strace: Process " + target.pid() + " attached")), lines.toString());
    }

    @Test
    void unknownProgramFailsTheSpawnWithContext() {
        DebugCommands commands = new DebugCommands(List.of("/nonexistent/debugger -p <PID>"));
        IOException e = assertThrows(IOException.class, () -> commands.spawn(42, C));
        assertTrue(e.getMessage().startsWith("spawning debug command \"/nonexistent/debugger -p 42\" for debugged:1.2.3"), e.getMessage());
    }
}
