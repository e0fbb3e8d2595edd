package io.northstar.runtime.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import io.northstar.common.Container;
import org.junit.jupiter.api.Test;

/** Expansion of {@code [debug] commands}: {@code <PID>}, {@code <CONTAINER>}, whitespace split. */
class DebugCommandTest {

    static final Container HELLO = Container.of("hello", "0.0.1");

    @Test
    void placeholdersAreReplacedEverywhere() {
        assertEquals(List.of("sudo", "strace", "-c", "-p", "4711", "-o", "/tmp/hello:0.0.1-4711.log"),
                DebugCommands.argv("sudo strace -c -p <PID> -o /tmp/<CONTAINER>-<PID>.log", 4711, HELLO));
    }

    @Test
    void splitOnAnyWhitespaceWithoutQuoting() {
        assertEquals(List.of("echo", "'a", "b'", "\"hello:0.0.1\""),
                DebugCommands.argv("  echo \t'a b'   \"<CONTAINER>\"  ", 1, HELLO));
    }

    @Test
    void commandWithoutPlaceholdersIsUnchanged() {
        assertEquals(List.of("true"), DebugCommands.argv("true", 1, HELLO));
    }

    @Test
    void lowerCaseOrPartialPlaceholdersAreNotPlaceholders() {
        assertEquals(List.of("x", "<pid>", "<PID", "PID>"), DebugCommands.argv("x <pid> <PID PID>", 7, HELLO));
    }

    @Test
    void emptyCommandIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DebugCommands(List.of("strace -p <PID>", "   ")));
    }

    @Test
    void exitStatusText() {
        assertEquals("exit status: 0", DebugCommands.status(0));
        assertEquals("exit status: 3", DebugCommands.status(3));
        assertEquals("signal: 9", DebugCommands.status(137));
    }
}
