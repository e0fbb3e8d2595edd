package io.northstar.tests;

import static io.northstar.tests.ContainerFixture.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.console.CgroupNotification;
import io.northstar.console.ExitStatus;
import io.northstar.console.MemoryNotification;
import io.northstar.console.Notification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The example containers that talk back (process-sandbox §14.4): the container console (ident,
 * permissions), tokens between two containers, and the memory monitor of a container that eats
 * more than its cgroup allows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerConsoleTest {

    private ContainerFixture fixture;

    /**
     * The token examples use network: host and port 6543; on a shared machine they get a network
     * namespace of their own (manifest {@code network: !namespace}) with its own loopback. Made
     * before the runtime starts: the runtime's private mount namespace would not see it later.
     */
    private final String netns = "northstar-token-" + ProcessHandle.current().pid();

    @BeforeAll
    void start() throws Exception {
        Host.assumeRuntimeCanRun();
        ip("netns", "add", netns);
        ip("-n", netns, "link", "set", "lo", "up");
        fixture = ContainerFixture.start("console",
                c -> c.table("[debug]\ncommands = [\"/bin/echo debug-command <CONTAINER> <PID>\"]"));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (fixture != null) {
                fixture.close();
            }
        } finally {
            ip("netns", "delete", netns);
        }
    }

    private Container install(String example) throws Exception {
        return install(example, UnaryOperator.identity());
    }

    private Container install(String example, UnaryOperator<String> patch) throws Exception {
        Path npk = TestContainers.example(fixture.work, example, patch);
        Container container = fixture.client.install(ContainerFixture.REPOSITORY, npk);
        fixture.awaitNotification(new Notification.Install(container));
        return container;
    }

    /** Starts {@code container}; returns the log mark from just before, to await what the start logs. */
    private int markAndStart(Container container) throws Exception {
        int mark = fixture.runtime.mark();
        fixture.client.start(container);
        return mark;
    }

    @Test
    void aContainerTalksToTheRuntimeThroughItsConsole() throws Exception {
        Container console = install("console");
        int mark = markAndStart(console);
        assertEquals(new ExitStatus.Exit(0), fixture.awaitExit(console));
        fixture.runtime.awaitLog(mark, "Container console:0.0.1 connected with permissions", TIMEOUT);
        // The harness tails the log file: wait until it has read the last line of the container.
        fixture.runtime.awaitLog(mark, "console:0.0.1: console: shutdown: ", TIMEOUT);
        List<String> out = fixture.output(mark, console);
        String text = String.join("\n", out);
        assertTrue(out.contains("console: ident: {\"response\":{\"ident\":\"console:0.0.1\"}}"), text);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("console: list: {\"response\":{\"list\":[")
                && l.contains("\"console:0.0.1\"")), text);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("console: inspect: {\"response\":{\"inspect\":{\"ok\"")), text);
        assertTrue(out.contains("console: shutdown: {\"response\":{\"permission_denied\":\"shutdown\"}}"), text);
        fixture.uninstall(console);
    }

    @Test
    void containerConsolesLeakNoDescriptors() throws Exception {
        Container console = install("console");
        fixture.client.start(console);
        assertEquals(new ExitStatus.Exit(0), fixture.awaitExit(console));
        java.util.Set<String> before = descriptors(fixture.runtime.pid());
        for (int i = 0; i < 5; i++) {
            fixture.client.start(console);
            assertEquals(new ExitStatus.Exit(0), fixture.awaitExit(console));
        }
        java.util.Set<String> after = descriptors(fixture.runtime.pid());
        for (int retry = 0; retry < 20 && !after.equals(before); retry++) {
            Thread.sleep(100);
            after = descriptors(fixture.runtime.pid());
        }
        assertEquals(before, after, "descriptors of the daemon after 5 container console sessions");
        fixture.uninstall(console);
    }

    private static java.util.Set<String> descriptors(long pid) throws java.io.IOException {
        java.util.Set<String> fds = new java.util.TreeSet<>();
        try (var list = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : list.toList()) {
                try {
                    fds.add(fd.getFileName() + " -> " + Files.readSymbolicLink(fd));
                } catch (java.io.IOException e) {
                    // closed while listing
                }
            }
        }
        return fds;
    }

    @Test
    void debugCommandsRunForEveryStart() throws Exception {
        Container console = install("console");
        int mark = markAndStart(console);
        fixture.runtime.awaitLog(mark, "Spawning debug command: /bin/echo debug-command console:0.0.1 \\d+", TIMEOUT);
        fixture.runtime.awaitLog(mark, "debug-command console:0.0.1 \\d+$", TIMEOUT);
        fixture.runtime.awaitLog(mark, "command /bin/echo debug-command console:0.0.1 \\d+ exited with exit status: 0",
                TIMEOUT);
        assertEquals(new ExitStatus.Exit(0), fixture.awaitExit(console));
        fixture.uninstall(console);
    }

    /** Runs {@code ip} (iproute2); fails the test with its output. */
    private static void ip(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    @Test
    void tokensProveOneContainersIdentityToAnother() throws Exception {
        tokens(TestContainers.replace("network: host", "network: !namespace " + netns));
    }

    private void tokens(UnaryOperator<String> network) throws Exception {
        Container server = install("token-server", network);
        Container client = install("token-client", network);
        int mark = markAndStart(server);
        fixture.awaitNotification(new Notification.Started(server));
        fixture.runtime.awaitLog(mark, "token-server:0.0.1: token-server: listening on", TIMEOUT);
        fixture.client.start(client);
        assertEquals(new ExitStatus.Exit(0), fixture.awaitExit(client));
        fixture.runtime.awaitLog(mark, "token-server: user token-client verified, echoing", TIMEOUT);
        fixture.runtime.awaitLog(mark, "token-client: token-server echoed: Hello from token-client!", TIMEOUT);
        fixture.stop(server);
        fixture.uninstall(client);
        fixture.uninstall(server);
    }

    @Test
    void aContainerBeyondItsMemoryLimitIsKilledAndReported() throws Exception {
        Container memeater = install("memeater");
        int mark = markAndStart(memeater);
        List<Notification> seen = new ArrayList<>();
        ExitStatus exit = null;
        while (exit == null) {
            Notification n = fixture.awaitMatching(x -> true, "the memeater's exit");
            seen.add(n);
            if (n instanceof Notification.Exit e && e.container().equals(memeater)) {
                exit = e.status();
            }
        }
        assertEquals(new ExitStatus.Signalled(9), exit, "the OOM killer's SIGKILL");
        // The monitor's event may arrive just after the exit.
        while (seen.stream().noneMatch(n -> n instanceof Notification.CGroup)) {
            seen.add(fixture.awaitMatching(x -> true, "a c_group notification"));
        }
        MemoryNotification memory = seen.stream().filter(n -> n instanceof Notification.CGroup)
                .map(n -> ((CgroupNotification.Memory) ((Notification.CGroup) n).event()).memory())
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(memeater, seen.stream().filter(n -> n instanceof Notification.CGroup)
                .map(n -> ((Notification.CGroup) n).container()).findFirst().orElseThrow());
        assertTrue(memory.oom().orElse(0) >= 1, "oom count: " + memory);
        // v1: oom_kill is memory.oom_control's counter (an extension: Northstar sends null).
        assertTrue(seen.stream().filter(n -> n instanceof Notification.CGroup)
                .map(n -> ((CgroupNotification.Memory) ((Notification.CGroup) n).event()).memory())
                .anyMatch(m -> m.oomKill().orElse(0) >= 1), "oom_kill >= 1 in " + seen);
        fixture.runtime.awaitLog(mark, "Process memeater:0.0.1 is out of memory", TIMEOUT);
        fixture.uninstall(memeater);
        assertTrue(Files.notExists(Path.of("/sys/fs/cgroup/memory", "northstar-test-" + ProcessHandle.current().pid(),
                "memeater")), "memeater's cgroup removed");
    }
}
