package io.northstar.tests;

import static io.northstar.tests.ContainerFixture.TEST_CONTAINER;
import static io.northstar.tests.ContainerFixture.TEST_RESOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.client.Client;
import io.northstar.client.RequestFailedException;
import io.northstar.common.Container;
import io.northstar.common.NonNulString;
import io.northstar.console.Notification;
import io.northstar.sextant.Sextant;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Faults of the machine under a running runtime, injected for real: a full file system, loop
 * devices that cannot be had, a repository directory that vanishes or turns read-only, cgroups
 * that cannot be created or removed, a container that ignores SIGTERM. Each time: a clear error
 * for the one request, nothing left behind, the runtime serves on. The mount namespace tricks
 * happen in the daemon's private namespace only; the host is never changed.
 */
class FaultInjectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        if (status != 0) {
            System.out.println(String.join(" ", command) + ": " + out);
        }
        return status;
    }

    /** A path as the daemon sees it (its own mount namespace). */
    private static Path inDaemon(RuntimeProcess runtime, Path path) {
        return Path.of("/proc", Long.toString(runtime.pid()), "root").resolve(path.toString().substring(1));
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return new java.util.TreeSet<>(list.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static Client connect(TestConfig config, boolean notifications) throws IOException {
        return Client.connect(URI.create("unix://" + config.console()), notifications, TIMEOUT);
    }

    private static String failure(org.junit.jupiter.api.function.Executable request) {
        return assertThrows(RequestFailedException.class, request).getMessage();
    }

    @Test
    void aFullFileSystemFailsTheInstallCleanlyAndTheRuntimeServesOn() throws Exception {
        FsRoot fs = FsRoot.create("full");
        Path repo = fs.repo();
        Path npk = TestContainers.testContainer(fs.work());
        TestConfig config = fs.config("small");
        // A 2 MiB tmpfs under the repository, in the daemon's namespace only.
        try (RuntimeProcess runtime = RuntimeProcess.launch(config.write(), fs.root().resolve("runtime.log"), Map.of(),
                "mount -t tmpfs -o size=2m northstar-full " + repo)) {
            runtime.awaitLog("Runtime up and running", TIMEOUT);
            Path seen = inDaemon(runtime, repo);
            long free = Files.getFileStore(seen).getUsableSpace();
            // Leave less room than the NPK needs: the upload runs out of space half way.
            Path filler = seen.resolve("filler");
            Files.write(filler, new byte[(int) (free - Files.size(npk) / 2)]);
            try (Client client = connect(config, false)) {
                String error = failure(() -> client.install("small", npk));
                assertTrue(error.contains("No space left on device"), error);
                assertEquals(Set.of("filler"), names(seen), "the partial upload is removed");
                assertEquals(List.of(), client.list(), "the runtime serves on");
                Files.delete(filler);
                assertEquals(TEST_CONTAINER, client.install("small", npk), "and installs once there is room");
                assertEquals(Set.of(TEST_CONTAINER + ".npk"), names(seen));
            }
            assertEquals(0, runtime.terminate());
        }
    }

    @Test
    void aRepositoryThatTurnsReadOnlyOrVanishesFailsRequestsNotTheRuntime() throws Exception {
        FsRoot fs = FsRoot.create("repo-faults");
        Path repo = fs.repo();
        Path resource = TestContainers.testResource(fs.work());
        Path container = TestContainers.testContainer(fs.work());
        TestConfig config = fs.config("fs");
        try (RuntimeProcess runtime = RuntimeProcess.start(config);
             Client client = connect(config, false)) {
            assertEquals(TEST_RESOURCE, client.install("fs", resource));
            String mnt = "--mount=/proc/" + runtime.pid() + "/ns/mnt";
            assertEquals(0, run("nsenter", mnt, "mount", "--bind", repo.toString(), repo.toString()));
            assertEquals(0, run("nsenter", mnt, "mount", "-o", "remount,bind,ro", repo.toString()));
            String error = failure(() -> client.install("fs", container));
            assertTrue(error.contains("is read-only"), error);
            error = failure(() -> client.uninstall(TEST_RESOURCE, false));
            assertTrue(error.contains("Read-only file system"), error);
            assertEquals(List.of(TEST_RESOURCE), client.list(), "still installed, still served");
            client.mount(TEST_RESOURCE);
            client.umount(TEST_RESOURCE);
            assertEquals(0, run("nsenter", mnt, "umount", repo.toString()));

            // The directory vanishes (a storage device unplugged, an operator's rm -r).
            run("rm", "-rf", repo.toString());
            error = failure(() -> client.install("fs", container));
            assertTrue(error.contains("directory " + repo + " is missing"), error);
            error = failure(() -> client.mount(TEST_RESOURCE));
            assertTrue(error.contains(repo.toString()), error);
            client.uninstall(TEST_RESOURCE, false);
            assertEquals(List.of(), client.list());
            Files.createDirectories(repo);
            assertEquals(TEST_CONTAINER, client.install("fs", container), "back once it is back");
            assertEquals(0, runtime.terminate());
        }
        assertTrue(HostSnapshot.loopDevicesInUse().stream().noneMatch(l -> l.contains(fs.root().toString())));
    }

    @Test
    void anUnusableLoopControlFailsMountsNotTheRuntime() throws Exception {
        Path root = Host.tempRoot("loop-control");
        TestConfig config = new TestConfig(root).repository(TestConfig.Repo.mem("mem"));
        Container hello = Container.parse("hello:0.0.2");
        Path npk = TestNpks.resource("hello-0.0.2.npk", root);
        try (RuntimeProcess runtime = RuntimeProcess.launch(config.write(), root.resolve("runtime.log"), Map.of(),
                "mount --bind /dev/null /dev/loop-control")) {
            runtime.awaitLog("Runtime up and running", TIMEOUT);
            try (Client client = connect(config, false)) {
                assertEquals(hello, client.install("mem", npk));
                String error = failure(() -> client.mount(hello));
                assertTrue(error.contains("LOOP_CTL_GET_FREE") || error.contains("ENOTTY"), error);
                assertFalse(client.inspect(hello).mounted());
                assertFalse(Files.exists(config.runDir().resolve(hello.toString())), "no mount point left");
                assertEquals(List.of(hello), client.list(), "the runtime serves on");
            }
            assertEquals(0, runtime.terminate());
        }
    }

    @Test
    void noLoopControlAtAllFailsTheStartWithAClearLine() throws Exception {
        Path root = Host.tempRoot("no-loop");
        TestConfig config = new TestConfig(root).repository(TestConfig.Repo.mem("mem"));
        Path dev = Files.createDirectories(root.resolve("dev"));
        // A /dev with the JVM's few nodes and no loop devices, in the daemon's namespace only.
        StringBuilder prelude = new StringBuilder("mount -t tmpfs northstar-dev " + dev + "\n");
        for (String node : List.of("null", "zero", "full", "random", "urandom")) {
            prelude.append("touch ").append(dev).append('/').append(node).append("; mount --bind /dev/").append(node)
                    .append(' ').append(dev).append('/').append(node).append('\n');
        }
        prelude.append("mount --rbind ").append(dev).append(" /dev");
        try (RuntimeProcess runtime = RuntimeProcess.launch(config.write(), root.resolve("runtime.log"), Map.of(),
                prelude.toString())) {
            assertEquals(1, runtime.awaitExit(TIMEOUT), "a runtime that can mount nothing does not pretend to serve");
            runtime.awaitLog("Runtime exited with the kernel lacks loop devices \\(/dev/loop-control\\)", Duration.ofSeconds(1));
        }
        assertFalse(Files.exists(config.console()));
    }

    private static Path containerCgroup(String controller) {
        return Path.of("/sys/fs/cgroup", controller, "northstar-test-" + ProcessHandle.current().pid(),
                TEST_CONTAINER.name().value());
    }

    @Test
    void aCgroupThatCannotBeCreatedFailsTheStartOnly() throws Exception {
        Path group = containerCgroup("memory");
        Process stranger = null;
        try (ContainerFixture fixture = ContainerFixture.start("cgroup-create")) {
            fixture.installBoth();
            // Somebody else's process sits where the container's group must go.
            Files.createDirectories(group);
            stranger = new ProcessBuilder("sleep", "600").start();
            Files.writeString(group.resolve("cgroup.procs"), Long.toString(stranger.pid()));
            Process s = stranger;
            String error = failure(() -> fixture.client.start(TEST_CONTAINER, Optional.empty(),
                    List.of(NonNulString.of("sleep")), Map.of()));
            assertTrue(error.contains(group + " exists and holds processes [" + s.pid() + "]"), error);
            assertTrue(stranger.isAlive(), "a process the runtime did not start is not killed");
            assertEquals(Optional.empty(), fixture.client.inspect(TEST_CONTAINER).process());
            stranger.destroyForcibly().waitFor();
            Files.delete(group);
            fixture.startWithArgs(TEST_CONTAINER, "sleep");
            fixture.stop(TEST_CONTAINER);
        } finally {
            if (stranger != null) {
                stranger.destroyForcibly().waitFor();
            }
            if (Files.isDirectory(group)) {
                Files.delete(group);
            }
        }
    }

    @Test
    void aProcessLeftInAContainersCgroupIsKilledAndTheGroupRemoved() throws Exception {
        Path group = containerCgroup("memory");
        Process stranger = new ProcessBuilder("sleep", "600").start();
        try (ContainerFixture fixture = ContainerFixture.start("cgroup-remove")) {
            fixture.installBoth();
            fixture.startWithArgs(TEST_CONTAINER, "sleep");
            // A process that escaped the container's pid namespace (or was put there) keeps the group busy.
            Files.writeString(group.resolve("cgroup.procs"), Long.toString(stranger.pid()));
            int mark = fixture.runtime.mark();
            fixture.stop(TEST_CONTAINER);
            fixture.runtime.awaitLog(mark, "Killing processes \\[" + stranger.pid() + "\\] left in cgroup " + group,
                    Duration.ofSeconds(5));
            assertTrue(stranger.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "the process left behind is killed");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.exists(group) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(Files.exists(group), "and the group removed");
            fixture.startWithArgs(TEST_CONTAINER, "sleep");
            fixture.stop(TEST_CONTAINER);
        } finally {
            stranger.destroyForcibly();
        }
    }

    /** A static program that ignores SIGTERM and says so. */
    private static Path stubborn(Path work) throws Exception {
        Path rootfs = Files.createDirectories(work.resolve("stubborn-root"));
        Path source = work.resolve("stubborn.c");
        Files.writeString(source, """
                #include <signal.h>
                #include <stdio.h>
                #include <unistd.h>
                int main(void) {
                    signal(SIGTERM, SIG_IGN);
                    printf("ignoring SIGTERM\\n");
                    fflush(stdout);
                    for (;;)
                        pause();
                }
                """);
        Process cc = new ProcessBuilder("cc", "-static", "-O2", "-o", rootfs.resolve("stubborn").toString(),
                source.toString()).redirectErrorStream(true).start();
        String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assumptions.assumeTrue(cc.waitFor() == 0, "needs cc -static: " + output);
        Path manifest = work.resolve("stubborn.yaml");
        Files.writeString(manifest, """
                name: stubborn
                version: 0.0.1
                init: /stubborn
                uid: 1000
                gid: 1000
                io:
                  stdout: pipe
                  stderr: pipe
                """);
        Path npk = work.resolve("stubborn.npk");
        StringWriter out = new StringWriter();
        int status = Sextant.execute(new PrintWriter(out), new PrintWriter(out), "pack", "--manifest-path",
                manifest.toString(), "--root", rootfs.toString(), "--out", npk.toString());
        assertEquals(0, status, out.toString());
        return npk;
    }

    @Test
    void aContainerThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        Container stubborn = Container.parse("stubborn:0.0.1");
        ContainerFixture fixture = ContainerFixture.start("sigterm");
        long pid = fixture.setUpOrClose(() -> {
            assertEquals(stubborn, fixture.client.install(ContainerFixture.REPOSITORY, stubborn(fixture.work)));
            fixture.client.start(stubborn);
            fixture.awaitNotification(new Notification.Started(stubborn));
            fixture.runtime.awaitLog("stubborn:0.0.1: ignoring SIGTERM", TIMEOUT);
            long init = fixture.client.inspect(stubborn).process().orElseThrow().pid();
            // Through the console SIGTERM does nothing to it...
            fixture.client.kill(stubborn, 15);
            Thread.sleep(500);
            assertTrue(fixture.client.inspect(stubborn).process().isPresent(), "SIGTERM is ignored");
            return init;
        });
        // ...and the shutdown waits for the grace period, then SIGKILLs it.
        int mark = fixture.runtime.mark();
        fixture.client.close();
        assertEquals(0, fixture.runtime.terminate());
        fixture.awaitFinalLogs(mark, "Killing stubborn:0.0.1 with SIGTERM",
                "Killing stubborn:0.0.1 with SIGKILL: still running after the grace period",
                "Container stubborn:0.0.1 exited with status Signalled\\(SIGKILL\\)", "Shutdown complete");
        assertFalse(Files.exists(Path.of("/proc", Long.toString(pid))), "container init " + pid + " gone");
    }
}
