package io.northstar.tests;

import static io.northstar.tests.ContainerFixture.TEST_CONTAINER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.client.Client;
import io.northstar.common.NonNulString;
import io.northstar.console.Notification;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime dies without its orderly shutdown (SIGKILL, as the OOM killer or a crash ends it),
 * or its forker dies: no container process survives, and the next start with the same config
 * finds what the dead run left, cleans it with a log line each, and serves.
 */
class CrashRecoveryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> CONTROLLERS = List.of("memory", "cpu", "pids");

    private static Path topLevelCgroup(String controller) {
        return Path.of("/sys/fs/cgroup", controller, "northstar-test-" + ProcessHandle.current().pid());
    }

    /** The container groups below the runtime's top-level groups. */
    private static List<Path> containerCgroups() throws IOException {
        List<Path> groups = new ArrayList<>();
        for (String controller : CONTROLLERS) {
            Path top = topLevelCgroup(controller);
            if (Files.isDirectory(top)) {
                try (Stream<Path> list = Files.list(top)) {
                    list.filter(Files::isDirectory).forEach(groups::add);
                }
            }
        }
        return groups;
    }

    /** The forker: the daemon's child named northstar-fork (its name after the re-exec). */
    private static ProcessHandle forker(RuntimeProcess runtime) throws IOException {
        for (ProcessHandle child : ProcessHandle.of(runtime.pid()).orElseThrow().children().toList()) {
            String comm = Files.readString(Path.of("/proc", Long.toString(child.pid()), "comm")).trim();
            if (comm.equals("northstar-fork")) {
                return child;
            }
        }
        throw new AssertionError("no forker below the runtime " + runtime.pid());
    }

    private static void awaitGone(long pid, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        // A zombie is gone for this purpose: nothing of it runs, it only waits to be reaped.
        while (Files.exists(Path.of("/proc", Long.toString(pid))) && !zombie(pid)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " " + pid + " still runs");
            }
            Thread.sleep(20);
        }
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    private static void startSleeping(Client client, RuntimeProcess runtime) throws Exception {
        int mark = runtime.mark();
        client.start(TEST_CONTAINER, Optional.empty(), List.of(NonNulString.of("sleep")), Map.of());
        runtime.awaitLog(mark, "test-container:0.0.1: Sleeping\\.\\.\\.", TIMEOUT);
    }

    @Test
    void afterSigkillNoContainerRunsAndTheNextStartCleansUp() throws Exception {
        Path root = Host.runtimeRoot("crash");
        Path repo = Files.createDirectories(root.resolve("repo"));
        Path work = Files.createDirectories(root.resolve("work"));
        Files.copy(TestContainers.testResource(work), repo.resolve("test-resource:0.0.1.npk"));
        Files.copy(TestContainers.testContainer(work), repo.resolve("test-container:0.0.1.npk"));
        TestConfig config = new TestConfig(root).repository(TestConfig.Repo.fs("fs", repo).withMountOnStart());
        Path configFile = config.write();
        long init;
        long forker;
        try (RuntimeProcess runtime = RuntimeProcess.start(configFile, root.resolve("first.log"));
             Client client = Client.connect(URI.create("unix://" + config.console()), false, TIMEOUT)) {
            startSleeping(client, runtime);
            init = client.inspect(TEST_CONTAINER).process().orElseThrow().pid();
            forker = forker(runtime).pid();
            // An upload the crash interrupts: it has the temporary name until it is committed.
            Files.write(repo.resolve(".upload-crashcrashcrashcrash1.npk"), new byte[] {'P', 'K', 3, 4});
            assertEquals(137, runtime.kill());
        }
        awaitGone(forker, "the forker");
        awaitGone(init, "the container's init");
        List<Path> staleGroups = containerCgroups();
        assertFalse(staleGroups.isEmpty(), "the dead run left its container cgroups");
        assertTrue(Files.isDirectory(config.runDir().resolve(TEST_CONTAINER.toString())), "and its mount point");
        assertTrue(Files.exists(root.resolve("sockets").resolve(TEST_CONTAINER + ":stream")), "and its sockets");

        try (RuntimeProcess runtime = RuntimeProcess.start(configFile, root.resolve("second.log"));
             Client client = Client.connect(URI.create("unix://" + config.console()), true, TIMEOUT)) {
            for (Path group : staleGroups) {
                runtime.awaitLog("Leftovers: removed cgroup " + group + "$", Duration.ofSeconds(1));
            }
            runtime.awaitLog("Leftovers: removed mount point .*/run/test-container:0.0.1$", Duration.ofSeconds(1));
            runtime.awaitLog("Leftovers: removed socket .*/sockets/test-container:0.0.1:stream$", Duration.ofSeconds(1));
            runtime.awaitLog("removed stale console socket " + config.console(), Duration.ofSeconds(1));
            runtime.awaitLog("Repository fs: removed interrupted upload .*\\.upload-crashcrashcrashcrash1\\.npk",
                    Duration.ofSeconds(1));
            assertFalse(Files.exists(repo.resolve(".upload-crashcrashcrashcrash1.npk")));
            assertTrue(client.inspect(TEST_CONTAINER).mounted(), "mount_on_start mounted it again");
            startSleeping(client, runtime);
            assertEquals(0, runtime.terminate());
            runtime.awaitLog("Shutdown complete", Duration.ofSeconds(1));
        }
        assertEquals(List.of(), containerCgroups());
        for (String controller : CONTROLLERS) {
            assertFalse(Files.exists(topLevelCgroup(controller)), "top-level cgroup " + controller + " removed");
        }
        assertTrue(HostSnapshot.loopDevicesInUse().stream().noneMatch(l -> l.contains(root.toString())),
                "loop devices left: " + HostSnapshot.loopDevicesInUse());
    }

    @Test
    void theForkersDeathEndsTheRuntimeWithAnErrorAndLeavesNothing() throws Exception {
        ContainerFixture fixture = ContainerFixture.start("forker-death");
        long init;
        try {
            init = fixture.installAndStartSleeping();
            ProcessHandle forker = forker(fixture.runtime);
            int mark = fixture.runtime.mark();
            forker.destroyForcibly();
            assertEquals(1, fixture.runtime.awaitExit(TIMEOUT), "the supervisor sees a failure and restarts");
            fixture.awaitFinalLogs(mark, "Forker exited: ",
                    "Runtime exited with the forker exited \\(.*\\); its containers ended with it",
                    "Container test-container:0.0.1 exited", "Shutdown complete");
        } finally {
            fixture.client.close();
            fixture.runtime.close();
        }
        awaitGone(init, "the container's init");
        for (String controller : CONTROLLERS) {
            assertFalse(Files.exists(topLevelCgroup(controller)), "top-level cgroup " + controller + " removed");
        }
    }

    @Test
    void aSecondRuntimeOnTheSameRunDirIsRefusedAndTheFirstServesOn() throws Exception {
        try (ContainerFixture fixture = ContainerFixture.start("second")) {
            fixture.installBoth();
            fixture.startWithArgs(TEST_CONTAINER, "sleep");
            try (RuntimeProcess second = RuntimeProcess.launch(fixture.config.write(), fixture.root.resolve("second.log"))) {
                assertEquals(1, second.awaitExit(TIMEOUT));
                second.awaitLog("Runtime exited with another runtime is running with run_dir "
                        + fixture.config.runDir(), Duration.ofSeconds(1));
                assertFalse(second.logged(0, "Leftovers"), "the second runtime touched nothing");
            }
            assertTrue(fixture.client.inspect(TEST_CONTAINER).process().isPresent(), "the container still runs");
            assertTrue(Files.exists(fixture.config.console()), "the first runtime's console is still there");
            fixture.stop(TEST_CONTAINER);
        }
    }

    @Test
    void aConsoleSocketSomebodyListensOnIsNotTakenOver() throws Exception {
        Path root = Host.tempRoot("console-taken");
        TestConfig config = new TestConfig(root).repository(TestConfig.Repo.mem("mem"));
        try (io.northstar.runtime.sys.NativeFd listener = io.northstar.runtime.sys.UnixSockets.bindPath(
                io.northstar.runtime.sys.UnixSockets.SOCK_STREAM, config.console(), 16, false);
             RuntimeProcess runtime = RuntimeProcess.launch(config.write(), root.resolve("runtime.log"))) {
            assertEquals(1, runtime.awaitExit(TIMEOUT));
            runtime.awaitLog("Runtime exited with console socket " + config.console() + " is in use by another process",
                    Duration.ofSeconds(1));
            assertTrue(Files.exists(config.console()), "the listener's socket file is left alone");
        }
    }
}
