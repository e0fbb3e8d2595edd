package io.northstar.runtime.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.UnixSockets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;
import org.junit.jupiter.api.io.TempDir;

class SystemdTest {

    @TempDir
    Path dir;

    private static String receive(NativeFd socket) throws Exception {
        assertTrue(UnixSockets.awaitReadable(socket, 5000), "a datagram arrives");
        UnixSockets.Received received = UnixSockets.receive(socket, 4096);
        return new String(received.data(), StandardCharsets.UTF_8);
    }

    @Test
    void notifiesAPathSocket() throws Exception {
        Path path = dir.resolve("notify");
        try (NativeFd socket = UnixSockets.bindPath(UnixSockets.SOCK_DGRAM, path, -1, false);
             ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path.toString()))) {
            assertTrue(notifier.active());
            notifier.ready("Running: 2 containers\nmounted");
            assertEquals("READY=1\nSTATUS=Running: 2 containers mounted", receive(socket));
            notifier.watchdog();
            assertEquals("WATCHDOG=1", receive(socket));
            notifier.stopping("Stopping");
            assertEquals("STOPPING=1\nSTATUS=Stopping", receive(socket));
        }
    }

    @Test
    void notifiesAnAbstractSocket() throws Exception {
        String name = "northstar-notify-test-" + ProcessHandle.current().pid();
        try (NativeFd socket = io.northstar.runtime.sys.UnixDatagrams.bind("@" + name);
             ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name))) {
            notifier.status("Mounting");
            assertEquals("STATUS=Mounting", receive(socket));
        }
    }

    @Test
    void withoutTheVariableNothingIsSentAndNothingFails() {
        try (ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of())) {
            assertFalse(notifier.active());
            notifier.ready("x");
        }
        try (ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "vsock:2:1234"))) {
            assertFalse(notifier.active());
        }
        // Nobody listening: logged, not thrown.
        try (ServiceNotifier notifier = ServiceNotifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", dir.resolve("nobody").toString()))) {
            notifier.watchdog();
            notifier.watchdog();
        }
    }

    @Test
    void watchdogFromTheEnvironment() {
        assertEquals(Optional.of(new Watchdog(Duration.ofSeconds(30))),
                Watchdog.fromEnvironment(Map.of("WATCHDOG_USEC", "30000000"), 42));
        assertEquals(Duration.ofSeconds(15), new Watchdog(Duration.ofSeconds(30)).pingInterval());
        assertEquals(Optional.of(new Watchdog(Duration.ofMillis(1))),
                Watchdog.fromEnvironment(Map.of("WATCHDOG_USEC", "1000", "WATCHDOG_PID", "42"), 42));
        assertEquals(Optional.empty(), Watchdog.fromEnvironment(Map.of("WATCHDOG_USEC", "1000", "WATCHDOG_PID", "43"), 42),
                "meant for another process");
        for (String bad : List.of("0", "-5", "x", "")) {
            assertEquals(Optional.empty(), Watchdog.fromEnvironment(Map.of("WATCHDOG_USEC", bad), 42), bad);
        }
        assertEquals(Optional.empty(), Watchdog.fromEnvironment(Map.of(), 42));
    }

    @Test
    void journalPriorities() {
        assertEquals("<3>", JournalPriority.prefix(Level.ERROR));
        assertEquals("<4>", JournalPriority.prefix(Level.WARN));
        assertEquals("<6>", JournalPriority.prefix(Level.INFO));
        assertEquals("<7>", JournalPriority.prefix(Level.DEBUG));
        assertEquals("<7>", JournalPriority.prefix(Level.TRACE));
    }
}
