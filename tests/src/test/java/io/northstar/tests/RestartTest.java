package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.console.InspectResult;
import io.northstar.console.InstallResult;
import io.northstar.console.Request;
import io.northstar.console.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * State that survives a restart is exactly what is in the fs repositories: installed NPKs come
 * back, mount_on_start mounts them (in parallel) at start, mem repositories start empty.
 */
class RestartTest {

    private Path root;
    private Path repo;
    private TestConfig config;

    @BeforeEach
    void setUp() throws Exception {
        root = Host.runtimeRoot("restart");
        repo = Files.createDirectories(root.resolve("repo"));
        Path pub = TestNpks.resource("northstar.pub", Files.createDirectories(root.resolve("keys")));
        config = new TestConfig(root)
                .repository(TestConfig.Repo.fs("default", repo).key(pub).withMountOnStart())
                .repository(TestConfig.Repo.mem("memory"));
    }

    private static boolean mounted(RuntimeProcess runtime, Path target) throws Exception {
        return runtime.mountInfo().stream().anyMatch(l -> l.split(" ")[4].equals(target.toString()));
    }

    @Test
    void installedContainersComeBackAndAreMountedOnStart() throws Exception {
        List<Container> apps = List.of(Container.parse("one:1.0.0"), Container.parse("two:2.0.0"),
                Container.parse("hello:0.0.2"));
        Path config = this.config.write();
        try (RuntimeProcess runtime = RuntimeProcess.start(config, root.resolve("first.log"));
             ConsoleSession console = ConsoleSession.connect(this.config.console(), false)) {
            for (Container app : apps.subList(0, 2)) {
                byte[] npk = Files.readAllBytes(TestNpks.pack(root.resolve("work"), app.name().value(),
                        app.version().toString(), true));
                assertEquals(new Response.Install(new InstallResult.Ok(app)), console.install("default", npk));
            }
            assertEquals(new Response.Install(new InstallResult.Ok(apps.get(2))), console.install("default", TestNpks.hello()));
            assertEquals(new Response.Install(new InstallResult.Ok(Container.parse("mem-only:1.0.0"))),
                    console.install("memory", Files.readAllBytes(TestNpks.pack(root.resolve("work"), "mem-only", "1.0.0", false))));
            // Installing never mounts, even in a mount_on_start repository.
            for (Container app : apps) {
                assertFalse(mounted(runtime, this.config.runDir().resolve(app.toString())), app.toString());
            }
            // Shutdown through the console: answered, then an orderly exit with status 0.
            assertEquals(new Response.Shutdown(), console.request(new Request.Shutdown()));
            assertEquals(0, runtime.awaitExit(Duration.ofSeconds(60)));
            runtime.awaitLog("Shutdown complete", Duration.ofSeconds(1));
        }
        assertFalse(Files.exists(this.config.console()), "the console socket is removed at shutdown");
        try (RuntimeProcess runtime = RuntimeProcess.start(config, root.resolve("second.log"));
             ConsoleSession console = ConsoleSession.connect(this.config.console(), false)) {
            List<Container> listed = ((Response.List) console.request(new Request.List())).containers();
            assertEquals(apps.stream().sorted().toList(), listed.stream().sorted().toList(),
                    "fs containers are back, the mem repository is empty");
            for (Container app : apps) {
                assertTrue(mounted(runtime, this.config.runDir().resolve(app.toString())), app + " mounted on start");
                InspectResult.Ok inspect = (InspectResult.Ok) ((Response.Inspect) console.request(
                        new Request.Inspect(app))).result();
                assertTrue(inspect.data().mounted());
            }
            // SIGTERM: everything is unmounted before the exit.
            assertEquals(0, runtime.terminate());
            for (Container app : apps) {
                runtime.awaitLog("Umounted " + app, Duration.ofSeconds(1));
                assertFalse(Files.exists(this.config.runDir().resolve(app.toString())), "mount point removed");
            }
        }
        HostSnapshot after = new HostSnapshot(List.of(), HostSnapshot.loopDevicesInUse().stream()
                .filter(l -> l.contains(root.toString())).collect(java.util.stream.Collectors.toSet()), java.util.Set.of());
        assertEquals(java.util.Set.of(), after.loopBackingFiles(), "no loop device of this test is left");
    }

    /** Unlike Northstar, one bad file does not keep the runtime and every other container down. */
    @Test
    void aBrokenNpkInAnFsRepositoryIsSkippedWithAnError() throws Exception {
        Files.write(repo.resolve("broken.npk"), new byte[] {'P', 'K', 3, 4, 0, 0});
        Files.write(repo.resolve("hello-0.0.2.npk"), TestNpks.hello());
        try (RuntimeProcess runtime = RuntimeProcess.start(config.write(), root.resolve("broken.log"));
             ConsoleSession console = ConsoleSession.connect(this.config.console(), false)) {
            runtime.awaitLog("ERROR FsRepository: Repository default: skipping .*broken\\.npk: ", Duration.ofSeconds(1));
            assertEquals(List.of(Container.parse("hello:0.0.2")),
                    ((Response.List) console.request(new Request.List())).containers());
            assertTrue(mounted(runtime, this.config.runDir().resolve("hello:0.0.2")), "the good one is mounted on start");
            assertTrue(Files.exists(repo.resolve("broken.npk")), "left for the operator to look at");
            assertEquals(0, runtime.terminate());
        }
    }

    @Test
    void aFailingMountOnStartFailsTheStartAndLeavesNoDevice() throws Exception {
        byte[] bad = TestNpks.tampered(TestNpks.hello(), 4096 + 100);
        Files.write(repo.resolve("hello-0.0.2.npk"), bad);
        try (RuntimeProcess runtime = RuntimeProcess.launch(config.write(), root.resolve("mount.log"))) {
            assertEquals(1, runtime.awaitExit(Duration.ofSeconds(60)));
            runtime.awaitLog("Runtime exited with mount_on_start failed: .*hello:0.0.2", Duration.ofSeconds(1));
        }
        assertTrue(HostSnapshot.loopDevicesInUse().stream().noneMatch(l -> l.contains(root.toString())),
                "no loop device of this test is left");
        assertFalse(Files.exists(config.runDir().resolve("hello:0.0.2")), "no mount point left");
    }

    @Test
    void aMissingKeyFailsTheStart() throws Exception {
        TestConfig missingKey = new TestConfig(root)
                .repository(TestConfig.Repo.mem("memory").key(root.resolve("no-such.pub")));
        try (RuntimeProcess runtime = RuntimeProcess.launch(missingKey.write(), root.resolve("key.log"))) {
            assertEquals(1, runtime.awaitExit(Duration.ofSeconds(60)));
            runtime.awaitLog("Runtime exited with repository memory: failed to load key .*no-such.pub", Duration.ofSeconds(1));
        }
    }

    @Test
    void aMissingRepositoryDirectoryFailsTheStart() throws Exception {
        TestConfig missingDir = new TestConfig(root)
                .repository(TestConfig.Repo.fs("gone", root.resolve("does-not-exist")));
        try (RuntimeProcess runtime = RuntimeProcess.launch(missingDir.write(), root.resolve("dir.log"))) {
            assertEquals(1, runtime.awaitExit(Duration.ofSeconds(60)));
            runtime.awaitLog("Runtime exited with failed to read repository gone directory", Duration.ofSeconds(1));
        }
    }
}
