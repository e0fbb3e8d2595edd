package io.northstar.tests;

import static io.northstar.tests.ContainerFixture.TEST_CONTAINER;
import static io.northstar.tests.ContainerFixture.TEST_RESOURCE;
import static io.northstar.tests.ContainerFixture.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.client.RequestFailedException;
import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.common.NonNulString;
import io.northstar.console.ConsoleError;
import io.northstar.console.ContainerData;
import io.northstar.console.ContainerProcess;
import io.northstar.console.ContainerResult;
import io.northstar.console.ExitStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Containers run through the daemon (process-sandbox §14.2, ported from Northstar's tests.rs):
 * the test container with its resource, started, inspected from inside and outside, stopped;
 * each test uninstalls what it installed and leaves no process, cgroup or mount behind.
 */
class ContainerRunTest extends SharedContainerFixture {
    ContainerRunTest() {
        super("run");
    }

    @BeforeEach
    void install() throws Exception {
        fixture.installBoth();
    }

    @AfterEach
    void uninstall() throws Exception {
        Set<Container> installed = Set.copyOf(fixture.client.list());
        if (installed.contains(TEST_CONTAINER)) {
            boolean running = fixture.client.inspect(TEST_CONTAINER).process().isPresent();
            if (running) {
                fixture.stop(TEST_CONTAINER);
            }
            fixture.uninstall(TEST_CONTAINER);
            assertFalse(running, "the test left the container running");
        }
        if (installed.contains(TEST_RESOURCE)) {
            fixture.uninstall(TEST_RESOURCE);
        }
        assertEquals(List.of(), fixture.client.list());
        assertFalse(Files.exists(cgroupOf("memory", "test-container")), "container cgroup left behind");
        try (Stream<Path> left = Files.list(fixture.config.runDir())) {
            // The run directory keeps the runtime's lock file (.lock) while it runs; nothing else.
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().equals(".lock")).toList(),
                    "mount points left behind");
        }
    }

    private static Path cgroupOf(String controller, String container) {
        return Path.of("/sys/fs/cgroup", controller, "northstar-test-" + ProcessHandle.current().pid(), container);
    }

    /** Starts {@code args}, waits for its exit notification and returns the status. */
    private ExitStatus run(String... args) throws Exception {
        fixture.startWithArgs(TEST_CONTAINER, args);
        return fixture.awaitExit(TEST_CONTAINER);
    }

    /** Starts {@code inspect}, returns its output once it sleeps, and stops it. */
    private List<String> inspect() throws Exception {
        int mark = fixture.runtime.mark();
        fixture.startWithArgs(TEST_CONTAINER, "inspect");
        fixture.runtime.awaitLog(mark, "test-container:0.0.1: Sleeping\\.\\.\\.", TIMEOUT);
        List<String> output = fixture.output(mark, TEST_CONTAINER);
        fixture.stop(TEST_CONTAINER);
        return output;
    }

    @Test
    void startInspectStop() throws Exception {
        int mark = fixture.runtime.mark();
        fixture.startWithArgs(TEST_CONTAINER, "sleep");
        fixture.runtime.awaitLog(mark, "test-container:0.0.1: Sleeping\\.\\.\\.", TIMEOUT);

        ContainerData data = fixture.client.inspect(TEST_CONTAINER);
        assertTrue(data.mounted());
        ContainerProcess process = data.process().orElseThrow(() -> new AssertionError("no process in " + data));
        assertTrue(process.pid() > 1, "host pid of init: " + process.pid());
        assertTrue(Files.exists(Path.of("/proc", Long.toString(process.pid()))), "init runs");
        assertTrue(process.uptime() > 0);
        assertTrue(process.statistics().containsKey("memory"), "statistics: " + process.statistics().keySet());
        assertTrue(Files.readString(cgroupOf("memory", "test-container").resolve("cgroup.procs"))
                .contains(Long.toString(process.pid())), "init is in the container's cgroup");

        RequestFailedException started = assertThrows(RequestFailedException.class,
                () -> fixture.client.start(TEST_CONTAINER));
        assertEquals(new ConsoleError.StartContainerStarted(TEST_CONTAINER), started.error());

        fixture.stop(TEST_CONTAINER);
        fixture.runtime.awaitLog(mark, "Process test-container:0.0.1 exited after .* with status Signalled\\(SIGTERM\\)",
                TIMEOUT);
        fixture.runtime.awaitLog(mark, "Container test-container:0.0.1 exited with status Signalled\\(SIGTERM\\)",
                TIMEOUT);
        assertEquals(Optional.empty(), fixture.client.inspect(TEST_CONTAINER).process());
        assertFalse(Files.exists(cgroupOf("memory", "test-container")), "cgroup removed after the exit");
        assertFalse(Files.exists(Path.of("/proc", Long.toString(process.pid()))), "init is gone");
        RequestFailedException notStarted = assertThrows(RequestFailedException.class,
                () -> fixture.client.kill(TEST_CONTAINER, 15));
        assertEquals(new ConsoleError.StopContainerNotStarted(TEST_CONTAINER), notStarted.error());
    }

    @Test
    void startStopTenTimes() throws Exception {
        for (int i = 0; i < 10; i++) {
            int mark = fixture.runtime.mark();
            fixture.startWithArgs(TEST_CONTAINER, "sleep");
            fixture.runtime.awaitLog(mark, "test-container:0.0.1: Sleeping\\.\\.\\.", TIMEOUT);
            fixture.stop(TEST_CONTAINER);
            fixture.runtime.awaitLog(mark, "Process test-container:0.0.1 exited", TIMEOUT);
        }
    }

    @Test
    void unknownContainers() throws Exception {
        Container unknown = Container.parse("unknown_application:0.0.12");
        RequestFailedException start = assertThrows(RequestFailedException.class, () -> fixture.client.start(unknown));
        assertEquals(new ConsoleError.InvalidContainer(unknown), start.error());
        Container foo = Container.parse("foo:0.0.1");
        RequestFailedException kill = assertThrows(RequestFailedException.class, () -> fixture.client.kill(foo, 15));
        assertEquals(new ConsoleError.InvalidContainer(foo), kill.error());
    }

    @Test
    void aMissingResourceFailsTheStart() throws Exception {
        fixture.uninstall(TEST_RESOURCE);
        RequestFailedException e = assertThrows(RequestFailedException.class,
                () -> fixture.client.start(TEST_CONTAINER));
        assertEquals(new ConsoleError.StartContainerMissingResource(TEST_CONTAINER, Name.of("test-resource"),
                ">=0.0.1"), e.error());
        assertFalse(fixture.client.inspect(TEST_CONTAINER).mounted(), "nothing mounted for a failed start");
    }

    @Test
    void theContainerReadsItsResource() throws Exception {
        int mark = fixture.runtime.mark();
        fixture.startWithArgs(TEST_CONTAINER, "cat", "/resource/hello");
        fixture.runtime.awaitLog(mark, "test-container:0.0.1: hello from test resource", TIMEOUT);
        fixture.stop(TEST_CONTAINER);
    }

    @Test
    void aStartedContainerAndItsResourceAreBusy() throws Exception {
        fixture.startWithArgs(TEST_CONTAINER, "sleep");
        RequestFailedException uninstall = assertThrows(RequestFailedException.class,
                () -> fixture.client.uninstall(TEST_CONTAINER, false));
        assertEquals(new ConsoleError.UmountBusy(TEST_CONTAINER), uninstall.error());
        // The user is named, not the resource (Northstar's try_to_umount_used_resource).
        assertEquals(List.of(new ContainerResult.Err(TEST_RESOURCE, new ConsoleError.UmountBusy(TEST_CONTAINER))),
                fixture.client.umountAll(List.of(TEST_RESOURCE)));
        fixture.stop(TEST_CONTAINER);
        assertEquals(List.of(new ContainerResult.Ok(TEST_RESOURCE)), fixture.client.umountAll(List.of(TEST_RESOURCE)));
        // Started again: the resource is mounted again.
        int mark = fixture.runtime.mark();
        fixture.startWithArgs(TEST_CONTAINER, "sleep");
        fixture.runtime.awaitLog(mark, "test-container:0.0.1: Sleeping\\.\\.\\.", TIMEOUT);
        assertTrue(fixture.client.inspect(TEST_RESOURCE).mounted());
        fixture.stop(TEST_CONTAINER);
    }

    @Test
    void aCrashIsExit101() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertEquals(new ExitStatus.Exit(101), run("crash"));
        }
    }

    @Test
    void exitCodesAreReported() throws Exception {
        for (int code : new int[] {0, 1, 10, 127, 128, 255}) {
            assertEquals(new ExitStatus.Exit(code), run("exit", Integer.toString(code)));
        }
    }

    @Test
    void stdoutAndStderrGoToTheLog() throws Exception {
        int mark = fixture.runtime.mark();
        fixture.startWithArgs(TEST_CONTAINER, "print", "--io", "stdout", "hello stdout");
        fixture.runtime.awaitLog(mark, "test-container:0.0.1: hello stdout$", TIMEOUT);
        fixture.stop(TEST_CONTAINER);
        mark = fixture.runtime.mark();
        fixture.startWithArgs(TEST_CONTAINER, "print", "--io", "stderr", "hello stderr");
        fixture.runtime.awaitLog(mark, "test-container:0.0.1: hello stderr$", TIMEOUT);
        fixture.stop(TEST_CONTAINER);
    }

    @Test
    void theSandboxSeenFromInside() throws Exception {
        List<String> out = inspect();
        String text = String.join("\n", out);
        for (String expected : List.of("getuid: 1000", "getgid: 1000", "getppid: 1", "getsid: 1", "getpgid: 1",
                "getgroups: []", "pwd: /", "exe: /test-container", "sched_getscheduler: 1", "sched_priority: 11")) {
            assertTrue(out.contains(expected), "'" + expected + "' in:\n" + text);
        }
        // Capabilities: all empty, in this order.
        int bounding = out.indexOf("caps bounding: {}");
        int effective = out.indexOf("caps effective: {}");
        int permitted = out.indexOf("caps permitted: {}");
        assertTrue(bounding >= 0 && effective > bounding && permitted > effective, text);
        assertTrue(out.contains("caps ambient: {}") && out.contains("caps inheritable: {}"), text);
        // Exactly the configured fds: stdio and the four manifest sockets.
        assertTrue(out.contains("    total: 7"), text);
        assertTrue(out.stream().anyMatch(l -> l.matches("\\s*/proc/self/fd/0: /dev/null")), text);
        assertTrue(out.stream().anyMatch(l -> l.matches("\\s*/proc/self/fd/1: socket:\\[\\d+]")), text);
        assertTrue(out.stream().anyMatch(l -> l.matches("\\s*/proc/self/fd/2: socket:\\[\\d+]")), text);
        // /proc read-only, the resource with its options.
        assertTrue(out.stream().anyMatch(l -> l.startsWith("proc /proc proc ro,")), text);
        assertTrue(out.stream().anyMatch(l -> l.matches("/.* /resource \\w+ ro,(\\w+,)*nosuid,(\\w+,)*nodev,(\\w+,)*noexec.*")),
                text);
        assertTrue(out.stream().anyMatch(l -> l.matches("Max processes\\s+10000\\s+20000\\s+processes\\s*")), text);
    }

    @Test
    void manifestUidAndGidAreUsed() throws Exception {
        fixture.uninstall(TEST_CONTAINER);
        Path npk = TestContainers.testContainer(fixture.work, "test-container-3000.npk",
                TestContainers.replace("uid: 1000\ngid: 1000\nsched", "uid: 3000\ngid: 3001\nsched"));
        assertEquals(TEST_CONTAINER, fixture.client.install(ContainerFixture.REPOSITORY, npk));
        List<String> out = inspect();
        assertTrue(out.contains("getuid: 3000"), String.join("\n", out));
        assertTrue(out.contains("getgid: 3001"), String.join("\n", out));
    }

    @Test
    void thePidsLimitOfTheManifestIsApplied() throws Exception {
        fixture.uninstall(TEST_CONTAINER);
        Path npk = TestContainers.testContainer(fixture.work, "test-container-pids.npk",
                text -> text + "cgroups:\n  pids:\n    max: 1000\n");
        assertEquals(TEST_CONTAINER, fixture.client.install(ContainerFixture.REPOSITORY, npk));
        fixture.startWithArgs(TEST_CONTAINER, "sleep");
        assertEquals("1000", Files.readString(cgroupOf("pids", "test-container").resolve("pids.max")).trim());
        fixture.stop(TEST_CONTAINER);
    }

    @Test
    void seccompAllowsTheAllowedArgumentAndKillsOnAProhibitedOne() throws Exception {
        for (String flags : List.of("1", "4")) {
            int mark = fixture.runtime.mark();
            fixture.startWithArgs(TEST_CONTAINER, "call-delete-module", flags);
            fixture.runtime.awaitLog(mark, "test-container:0.0.1: delete_module syscall was successful", TIMEOUT);
            fixture.stop(TEST_CONTAINER);
        }
        assertEquals(new ExitStatus.Signalled(31), run("call-delete-module", "7"));
    }

    @Test
    void aContainerCannotWriteTheRuntimesBinaries() throws Exception {
        int mark = fixture.runtime.mark();
        // /proc/1/exe is the container's init, i.e. a runtime binary (the runc CVE-2019-5736 route).
        assertEquals(new ExitStatus.Exit(1), run("write", "pwned", "/proc/1/exe"));
        fixture.runtime.awaitLog(mark, "test-container:0.0.1: Error: ", TIMEOUT);
    }

    @Test
    void theDaemonLeaksNoDescriptors() throws Exception {
        long pid = fixture.runtime.pid();
        // One cycle first: class loading opens jars once.
        fixture.startWithArgs(TEST_CONTAINER, "sleep");
        fixture.stop(TEST_CONTAINER);
        Set<String> before = descriptors(pid);
        for (int i = 0; i < 5; i++) {
            fixture.startWithArgs(TEST_CONTAINER, "sleep");
            fixture.stop(TEST_CONTAINER);
        }
        Set<String> after = descriptors(pid);
        for (int retry = 0; retry < 20 && !after.equals(before); retry++) {
            Thread.sleep(100);
            after = descriptors(pid);
        }
        assertEquals(before, after, "descriptors of the daemon after 5 start/stop cycles");
    }

    private static Set<String> descriptors(long pid) throws IOException {
        Set<String> fds = new TreeSet<>();
        try (Stream<Path> list = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : list.toList()) {
                try {
                    fds.add(fd.getFileName() + " -> " + Files.readSymbolicLink(fd));
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        return fds;
    }

    @Test
    void manifestSocketsWork() throws Exception {
        for (String socket : List.of("datagram", "stream", "no_permission")) {
            assertEquals(new ExitStatus.Exit(0), run("socket", socket), "socket " + socket);
        }
        try (Stream<Path> left = Files.list(fixture.root.resolve("sockets"))) {
            assertEquals(List.of(), left.toList(), "socket files are removed after the exit");
        }
    }

    @Test
    void startArgumentsAndEnvironmentReplaceTheManifests() throws Exception {
        RequestFailedException reserved = assertThrows(RequestFailedException.class, () -> fixture.client.start(
                TEST_CONTAINER, Optional.empty(), List.of(), Map.of(NonNulString.of("NORTHSTAR_NAME"), NonNulString.of("x"))));
        assertTrue(reserved.error() instanceof ConsoleError.InvalidArguments, reserved.error().toString());
        int mark = fixture.runtime.mark();
        fixture.client.start(TEST_CONTAINER, Optional.of(NonNulString.of("<INIT>")),
                List.of(NonNulString.of("cat"), NonNulString.of("/proc/self/environ")),
                Map.of(NonNulString.of("HELLO"), NonNulString.of("northstar")));
        fixture.runtime.awaitLog(mark, "test-container:0.0.1: Sleeping\\.\\.\\.", TIMEOUT);
        fixture.stop(TEST_CONTAINER);
        String environ = String.join("\n", fixture.output(mark, TEST_CONTAINER));
        for (String expected : List.of("HELLO=northstar", "NORTHSTAR_CONTAINER=test-container:0.0.1",
                "NORTHSTAR_NAME=test-container", "NORTHSTAR_VERSION=0.0.1", "NORTHSTAR_SOCKET_stream=")) {
            assertTrue(environ.contains(expected), expected + " in " + environ);
        }
    }
}
