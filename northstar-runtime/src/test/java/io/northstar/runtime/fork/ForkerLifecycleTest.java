package io.northstar.runtime.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.manifest.Manifest;
import io.northstar.runtime.sandbox.HostView;
import io.northstar.runtime.sandbox.LaunchPlan;
import io.northstar.runtime.sandbox.LaunchPlanner;
import io.northstar.runtime.sandbox.SandboxDirs;
import io.northstar.runtime.sandbox.StartArguments;
import io.northstar.runtime.sys.NativeFd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.northstar.console.ExitStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forker's own lifetime: shutdown, crash, bad binary. Real processes, real kernel. */
class ForkerLifecycleTest {
    @TempDir
    Path tmp;

    LaunchPlan sleeper;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(ForkerIntegrationTest.currentUid() == 0, "forker lifecycle tests need root (namespaces, mounts)");
        assumeTrue(Files.isExecutable(ForkerIntegrationTest.BUSYBOX), "needs a static busybox at /bin/busybox");
        SandboxDirs dirs = new SandboxDirs(tmp.resolve("run"), tmp.resolve("data"), tmp.resolve("sockets"));
        Path root = dirs.root(Container.of("sleeper", "0.0.1"));
        Files.createDirectories(root.resolve("bin"));
        Files.copy(ForkerIntegrationTest.BUSYBOX, root.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Manifest m = Manifest.parse("name: sleeper\nversion: 0.0.1\ninit: /bin/busybox\nuid: 1000\ngid: 1000\n");
        sleeper = new LaunchPlanner(dirs, HostView.system()).plan(m,
                new StartArguments(Optional.empty(), List.of("sleep", "1000"), Map.of()), Map.<Name, Container>of(),
                List.of(), Optional.empty());
    }

    static boolean gone(Pid pid) {
        // reaped by the forker, or (if the forker itself died) by the subreaper/init of the host
        for (int i = 0; i < 500; i++) {
            if (!Files.exists(Path.of("/proc/" + pid.value()))) {
                return true;
            }
            try {
                String stat = Files.readString(Path.of("/proc/" + pid.value() + "/stat"));
                if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                    return true; // dead, waiting for its (new) parent to reap it
                }
                Thread.sleep(20);
            } catch (Exception e) {
                return true;
            }
        }
        return false;
    }

    @Test
    void closingTheForkerKillsItsContainersAndEndsTheForker() throws Exception {
        ForkerEvents events = new ForkerEvents();
        Forker forker = Forker.start(events);
        long forkerPid = forker.pid();
        Pid pid;
        try (NativeFd devnull = NativeFd.open("/dev/null", NativeFd.O_RDWR)) {
            pid = events.started(forker.start(sleeper, List.of(devnull, devnull, devnull))).get(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(Path.of("/proc/" + pid.value())));
        forker.close();
        assertFalse(forker.isAlive());
        assertTrue(gone(pid), "container outlived the forker");
        assertFalse(ProcessHandle.of(forkerPid).map(ProcessHandle::isAlive).orElse(false));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> events.killed(forker.kill(pid, 15)).get(10, TimeUnit.SECONDS));
        // Nothing can be signalled through a closed forker: answered as "no such process".
        assertTrue(e.getCause().getMessage().contains("ESRCH"), e.getCause().getMessage());
    }

    @Test
    void aDeadForkerTakesItsContainersWithItAndIsReported() throws Exception {
        ForkerEvents events = new ForkerEvents();
        CompletableFuture<String> gone = events.gone;
        Forker forker = Forker.start(events);
        try {
            Pid pid;
            try (NativeFd devnull = NativeFd.open("/dev/null", NativeFd.O_RDWR)) {
                pid = events.started(forker.start(sleeper, List.of(devnull, devnull, devnull))).get(30, TimeUnit.SECONDS);
            }
            ProcessHandle.of(forker.pid()).orElseThrow().destroyForcibly();
            String reason = gone.get(30, TimeUnit.SECONDS);
            assertTrue(reason.contains("closed"), reason);
            // init has PR_SET_PDEATHSIG(SIGKILL) with the forker as parent
            assertTrue(gone(pid), "container outlived the forker");
            try (NativeFd devnull = NativeFd.open("/dev/null", NativeFd.O_RDWR)) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> events.started(forker.start(sleeper,
                        List.of(devnull, devnull, devnull))).get(10, TimeUnit.SECONDS));
                assertInstanceOf(ForkerException.class, e.getCause());
            }
        } finally {
            forker.close();
        }
    }

    @Test
    void aMissingBinaryIsAClearError() {
        ForkerException e = assertThrows(ForkerException.class,
                () -> Forker.start(tmp.resolve("no-forker"), event -> { }));
        assertTrue(e.getMessage().contains("no-forker"), e.getMessage());
    }

    @Test
    void aBinaryThatNeverConnectsIsAClearError() throws Exception {
        Path fake = tmp.resolve("fake-forker");
        Files.writeString(fake, "#!/bin/sh\nexit 3\n");
        fake.toFile().setExecutable(true);
        ForkerException e = assertThrows(ForkerException.class, () -> Forker.start(fake, event -> { }));
        assertEquals("forker exited with 3 before connecting", e.getMessage());
    }

    @Test
    void theFdCountMustMatchThePlan() throws Exception {
        ForkerEvents events = new ForkerEvents();
        Forker forker = Forker.start(events);
        try (NativeFd devnull = NativeFd.open("/dev/null", NativeFd.O_RDWR)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> events.started(forker.start(sleeper, List.of(devnull))).get(10, TimeUnit.SECONDS));
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
        } finally {
            forker.close();
        }
    }
}
