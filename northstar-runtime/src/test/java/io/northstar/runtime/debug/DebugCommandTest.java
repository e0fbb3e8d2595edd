package io.northstar.runtime.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import io.northstar.common.Container;
import org.junit.jupiter.api.Test;

class DebugCommandTest {

    static final Container HELLO = Container.of("hello", "0.0.1");

    @Test
    void placeholdersAreReplacedEverywhere() {
        DebugCommand c = new DebugCommand("sudo strace -c -p <PID> -o /tmp/<CONTAINER>-<PID>.log");
        assertEquals("sudo strace -c -p 4711 -o /tmp/hello:0.0.1-4711.log", c.expand(4711, HELLO));
        assertEquals(List.of("sudo", "strace", "-c", "-p", "4711", "-o", "/tmp/hello:0.0.1-4711.log"), c.argv(4711, HELLO));
    }

    @Test
    void splitOnAnyWhitespaceWithoutQuoting() {
        DebugCommand c = new DebugCommand("  echo \t'a b'   \"<CONTAINER>\"  ");
        assertEquals(List.of("echo", "'a", "b'", "\"hello:0.0.1\""), c.argv(1, HELLO));
    }

    @Test
    void commandWithoutPlaceholdersIsUnchanged() {
        assertEquals(List.of("true"), new DebugCommand("true").argv(1, HELLO));
    }

    @Test
    void lowerCaseOrPartialPlaceholdersAreNotPlaceholders() {
        assertEquals(List.of("x", "<pid>", "<PID", "PID>"), new DebugCommand("x <pid> <PID PID>").argv(7, HELLO));
    }

    @Test
    void emptyCommandIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DebugCommand("   "));
    }

    @Test
    void exitStatusText() {
        assertEquals("exit status: 0", DebugCommands.status(0));
        assertEquals("exit status: 3", DebugCommands.status(3));
        assertEquals("signal: 9", DebugCommands.status(137));
    }
}
