package io.northstar.tests;

import static io.northstar.tests.ContainerFixture.TEST_CONTAINER;
import static io.northstar.tests.ContainerFixture.TEST_RESOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.client.Client;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runtime's own start and end with containers (container-lifecycle §8, §14, §16.2):
 * shutdown stops running containers and leaves nothing; autostart starts relaxed and critical
 * containers; a critical container that fails ends the runtime with an error.
 */
class ContainerShutdownTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static Path topLevelCgroup(String controller) {
        return Path.of("/sys/fs/cgroup", controller, "northstar-test-" + ProcessHandle.current().pid());
    }

    private static void assertNothingLeft(Path root, long... pids) throws Exception {
        for (String controller : List.of("memory", "cpu", "pids")) {
            assertFalse(Files.exists(topLevelCgroup(controller)), "top-level cgroup " + controller + " removed");
        }
        for (long pid : pids) {
            assertFalse(Files.exists(Path.of("/proc", Long.toString(pid))), "container init " + pid + " gone");
        }
        // Loop devices of fs repositories name their file; mem repositories' memfds are shared by
        // other runtimes on this machine and cannot be told apart.
        assertTrue(HostSnapshot.loopDevicesInUse().stream().noneMatch(l -> l.contains(root.toString())),
                "loop devices left: " + HostSnapshot.loopDevicesInUse());
        try (var left = Files.list(root.resolve("sockets"))) {
            assertEquals(List.of(), left.toList(), "socket files removed");
        }
    }

    @Test
    void shutdownStopsRunningContainersAndLeavesNothing() throws Exception {
        ContainerFixture fixture = ContainerFixture.start("shutdown");
        long pid = fixture.setUpOrClose(fixture::installAndStartSleeping);
        int mark = fixture.runtime.mark();
        fixture.client.shutdown();
        assertEquals(0, fixture.runtime.awaitExit(TIMEOUT), "shutdown request exits 0");
        fixture.awaitFinalLogs(mark, "Killing test-container:0.0.1 with SIGTERM",
                "Container test-container:0.0.1 exited with status Signalled\\(SIGTERM\\)",
                "Umounted test-container:0.0.1", "Umounted test-resource:0.0.1", "Shutdown complete");
        assertNothingLeft(fixture.root, pid);
    }

    /** ESR-01-001: overriding init, arguments or environment needs start_command, not start. */
    @Test
    void customStartsNeedStartCommand() throws Exception {
        try (ContainerFixture fixture = ContainerFixture.start("permissions", c -> c.permissions(
                "[\"install\", \"uninstall\", \"start\", \"kill\", \"list\", \"inspect\", \"notifications\"]"))) {
            fixture.installBoth();
            assertPermissionDenied(() -> fixture.client.start(TEST_CONTAINER, java.util.Optional.empty(),
                    List.of(io.northstar.common.NonNulString.of("inspect")), java.util.Map.of()));
            assertPermissionDenied(() -> fixture.client.start(TEST_CONTAINER,
                    java.util.Optional.of(io.northstar.common.NonNulString.of("/test-container")), List.of(),
                    java.util.Map.of()));
            assertPermissionDenied(() -> fixture.client.start(TEST_CONTAINER, java.util.Optional.empty(), List.of(),
                    java.util.Map.of(io.northstar.common.NonNulString.of("A"), io.northstar.common.NonNulString.of("b"))));
            assertEquals(java.util.Optional.empty(), fixture.client.inspect(TEST_CONTAINER).process());
            fixture.client.start(TEST_CONTAINER);
            fixture.awaitNotification(new io.northstar.console.Notification.Started(TEST_CONTAINER));
            fixture.stop(TEST_CONTAINER);
            fixture.uninstallBoth();
        }
    }

    private static void assertPermissionDenied(org.junit.jupiter.api.function.Executable request) {
        org.junit.jupiter.api.Assertions.assertThrows(io.northstar.client.PermissionDeniedException.class, request);
    }

    /**
     * A runtime root whose repository holds the test container with {@code manifestLines} added after its init,
     * and the test resource when {@code withResource}.
     */
    private static Path autostartRoot(String prefix, String manifestLines, boolean withResource) throws Exception {
        Path root = Files.createTempDirectory(prefix);
        Path repo = Files.createDirectories(root.resolve("repo"));
        Path work = Files.createDirectories(root.resolve("work"));
        Host.assumeRuntimeCanRun();
        Host.assumeMksquashfs();
        if (withResource) {
            Files.copy(TestContainers.testResource(work), repo.resolve("test-resource:0.0.1.npk"));
        }
        Files.copy(TestContainers.testContainer(work, "critical.npk",
                        TestContainers.replace("init: /test-container\n", "init: /test-container\n" + manifestLines)),
                repo.resolve("test-container:0.0.1.npk"));
        return root;
    }

    private static TestConfig autostartConfig(Path root) {
        return new TestConfig(root).repository(TestConfig.Repo.fs("fs", root.resolve("repo")));
    }

    @Test
    void autostartStartsRelaxedAndCriticalContainers() throws Exception {
        Path root = autostartRoot("northstar-autostart-", "autostart: critical\n", true);
        TestConfig config = autostartConfig(root);
        long pid;
        try (RuntimeProcess runtime = RuntimeProcess.start(config);
             Client client = Client.connect(URI.create("unix://" + config.console()), false, TIMEOUT)) {
            runtime.awaitLog("Autostarting test-container:0.0.1 \\(Critical\\)", Duration.ofSeconds(1));
            runtime.awaitLog("test-container:0.0.1: Sleeping\\.\\.\\.", TIMEOUT);
            assertTrue(client.inspect(TEST_RESOURCE).mounted(), "the resource was mounted for the autostart");
            pid = client.inspect(TEST_CONTAINER).process().orElseThrow().pid();
            // Killed through the console while the runtime shuts down is no failure: SIGTERM ends the runtime
            // in order and the critical container's exit does not count.
            assertEquals(0, runtime.terminate());
            runtime.awaitLog("Shutdown complete", Duration.ofSeconds(1));
        }
        assertNothingLeft(root, pid);
    }

    @Test
    void aFailingCriticalContainerEndsTheRuntime() throws Exception {
        Path root = autostartRoot("northstar-critical-", "args: [\"exit\", \"3\"]\nautostart: critical\n", true);
        try (RuntimeProcess runtime = RuntimeProcess.launch(autostartConfig(root).write(),
                root.resolve("runtime.log"))) {
            assertEquals(1, runtime.awaitExit(TIMEOUT), "a critical container's failure is the runtime's");
            runtime.awaitLog("Critical process test-container:0.0.1 exited after .* with status Exit\\(3\\)",
                    Duration.ofSeconds(1));
            runtime.awaitLog("Runtime exited with critical container test-container:0.0.1 exited with status Exit\\(3\\)",
                    Duration.ofSeconds(1));
        }
        assertNothingLeft(root);
    }

    @Test
    void aCriticalContainerWithoutItsResourceFailsTheStart() throws Exception {
        Path root = autostartRoot("northstar-critical-missing-", "autostart: critical\n", false);
        try (RuntimeProcess runtime = RuntimeProcess.launch(autostartConfig(root).write(),
                root.resolve("runtime.log"))) {
            assertEquals(1, runtime.awaitExit(TIMEOUT));
            runtime.awaitLog("Runtime exited with autostart failed: container test-container:0.0.1 failed to start: "
                    + "resource test-resource version >=0.0.1 is missing", Duration.ofSeconds(1));
        }
        assertNothingLeft(root);
    }
}
