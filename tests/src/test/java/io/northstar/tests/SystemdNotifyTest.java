package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.UnixDatagrams;
import io.northstar.runtime.sys.UnixSockets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runtime as a systemd {@code Type=notify} service, against a notification socket of the
 * test's own: READY=1 only after mount_on_start, WATCHDOG=1 pings from the event loop, STOPPING=1
 * at shutdown; and log lines with sd-daemon priority prefixes when stdout is the journal.
 */
class SystemdNotifyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The datagrams received so far, each with the time it arrived. */
    private static final class Receiver implements AutoCloseable {
        record Datagram(long nanos, String text) {
        }

        private final NativeFd socket;
        private final List<Datagram> received = new ArrayList<>();
        private final Thread thread;
        private volatile boolean closed;

        Receiver(String address) throws Exception {
            socket = UnixDatagrams.bind(address);
            thread = new Thread(this::run, "notify-receiver");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                while (!closed) {
                    if (UnixSockets.awaitReadable(socket, 100)) {
                        String text = new String(UnixSockets.receive(socket, 4096).data(), StandardCharsets.UTF_8);
                        synchronized (received) {
                            received.add(new Datagram(System.nanoTime(), text));
                            received.notifyAll();
                        }
                    }
                }
            } catch (Exception e) {
                if (!closed) {
                    throw new IllegalStateException(e);
                }
            }
        }

        List<String> texts() {
            synchronized (received) {
                return received.stream().map(Datagram::text).toList();
            }
        }

        /** Waits for a datagram whose text contains {@code line} as one of its lines; returns its index. */
        int await(String line, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (received) {
                while (true) {
                    for (int i = 0; i < received.size(); i++) {
                        if (List.of(received.get(i).text().split("\n")).contains(line)) {
                            return i;
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no " + line + " within " + timeout + "; received " + texts());
                    }
                    received.wait(Math.max(1, left / 1_000_000));
                }
            }
        }

        long watchdogPings() {
            return texts().stream().filter("WATCHDOG=1"::equals).count();
        }

        @Override
        public void close() throws Exception {
            closed = true;
            thread.join(5000);
            socket.close();
        }
    }

    @Test
    void readyAfterMountOnStartWatchdogFromTheLoopStoppingAtShutdownAndJournalPriorities() throws Exception {
        Path root = Host.runtimeRoot("systemd");
        Path repo = Files.createDirectories(root.resolve("repo"));
        Path pub = TestNpks.resource("northstar.pub", Files.createDirectories(root.resolve("keys")));
        Files.write(repo.resolve("hello-0.0.2.npk"), TestNpks.hello());
        TestConfig config = new TestConfig(root)
                .repository(TestConfig.Repo.fs("default", repo).key(pub).withMountOnStart());
        Path log = root.resolve("runtime.log");
        Files.write(log, new byte[0]);
        Map<String, Object> stdout = Files.readAttributes(log, "unix:dev,ino");
        Path notify = root.resolve("notify.sock");
        try (Receiver receiver = new Receiver(notify.toString());
             RuntimeProcess runtime = RuntimeProcess.launch(config.write(), log, Map.of(
                     "NOTIFY_SOCKET", notify.toString(),
                     "WATCHDOG_USEC", "400000",
                     "JOURNAL_STREAM", stdout.get("dev") + ":" + stdout.get("ino")), null)) {
            int ready = receiver.await("READY=1", TIMEOUT);
            int mounting = receiver.await("STATUS=Mounting", Duration.ZERO);
            assertTrue(mounting < ready, "READY=1 after mount_on_start: " + receiver.texts());
            runtime.awaitLog("^<6>INFO  ContainerStateMachine: Mounted hello:0\\.0\\.2$", Duration.ofSeconds(1));
            runtime.awaitLog("^<6>INFO  Daemon: Runtime up and running$", Duration.ofSeconds(5));
            runtime.awaitLog("^<4>WARN  ", Duration.ofSeconds(1));
            runtime.awaitLog("^<7>DEBUG ", Duration.ofSeconds(1));
            assertTrue(receiver.texts().get(ready).contains("STATUS=Running"), receiver.texts().get(ready));

            long before = receiver.watchdogPings();
            Thread.sleep(2000);
            long pings = receiver.watchdogPings() - before;
            // Every 200 ms while idle; a loaded CI machine may delay some, not most.
            assertTrue(pings >= 4, pings + " WATCHDOG=1 in 2 s at WATCHDOG_USEC=400000");
            System.out.println("systemd: " + pings + " watchdog pings in 2 s (interval 200 ms)");

            assertEquals(0, runtime.terminate());
            int stopping = receiver.await("STOPPING=1", Duration.ofSeconds(5));
            assertTrue(stopping > ready);
        }
    }

    @Test
    void anAbstractNotifySocketAndNoWatchdogWithoutWatchdogUsec() throws Exception {
        Path root = Host.tempRoot("systemd-abstract");
        TestConfig config = new TestConfig(root).repository(TestConfig.Repo.mem("mem"));
        String name = "northstar-test-notify-" + ProcessHandle.current().pid();
        try (Receiver receiver = new Receiver("@" + name);
             RuntimeProcess runtime = RuntimeProcess.launch(config.write(), root.resolve("runtime.log"),
                     Map.of("NOTIFY_SOCKET", "@" + name), null)) {
            receiver.await("READY=1", TIMEOUT);
            Thread.sleep(1500);
            assertEquals(0, receiver.watchdogPings(), "no WATCHDOG_USEC, no pings: " + receiver.texts());
            assertEquals(0, runtime.terminate());
            receiver.await("STOPPING=1", Duration.ofSeconds(5));
            runtime.awaitLog("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Daemon: Shutdown complete$", Duration.ofSeconds(1));
        }
    }
}
