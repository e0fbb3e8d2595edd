package io.northstar.runtime.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.console.CgroupNotification;
import io.northstar.console.ConsoleError;
import io.northstar.console.ContainerResult;
import io.northstar.console.ExitStatus;
import io.northstar.console.InspectResult;
import io.northstar.console.Notification;
import io.northstar.console.Request;
import io.northstar.console.Response;
import io.northstar.manifest.Manifest;
import io.northstar.runtime.cgroups.MemoryEvent;
import io.northstar.runtime.fork.ForkerEvent;
import io.northstar.runtime.fork.Pid;
import io.northstar.runtime.fork.StartFailedException;
import io.northstar.runtime.repository.Capacity;
import io.northstar.runtime.repository.FsRepository;
import io.northstar.runtime.repository.LoadedNpk;
import io.northstar.runtime.repository.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process side of the state machine without a kernel: the test plays the forker's event stream. */
class ProcessLifecycleTest {

    /** The file holds a manifest (YAML): enough of an NPK for the state machine. */
    record ManifestNpk(Manifest manifest) implements LoadedNpk {
        static LoadedNpk load(Path file) throws Exception {
            return new ManifestNpk(Manifest.parse(Files.readString(file)));
        }

        @Override
        public Container container() {
            return manifest.container();
        }

        @Override
        public boolean resource() {
            return manifest.init().isEmpty();
        }
    }

    private static final String APP = "name: app\nversion: 1.0.0\ninit: /app\nuid: 1000\ngid: 1000\n"
            + "mounts:\n  /res:\n    type: resource\n    name: res\n    version: '>=1.0.0'\n    dir: /\n";
    private static final Container APP_1 = Container.parse("app:1.0.0");
    private static final Container APP_2 = Container.parse("app:2.0.0");
    private static final Container RES_1 = Container.parse("res:1.0.0");

    @TempDir
    Path dir;

    private Harness h;

    private void write(String file, String manifest) throws Exception {
        Files.writeString(dir.resolve("repo").resolve(file), manifest);
    }

    private void startMachine() throws Exception {
        Map<String, Repository> repositories = Map.of("fs", FsRepository.open("fs", dir.resolve("repo"), false,
                Capacity.UNLIMITED, ManifestNpk::load));
        h = new Harness(repositories, Set.of(), dir);
    }

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("repo"));
        write("app-1.npk", APP);
        write("app-2.npk", APP.replace("1.0.0\ninit", "2.0.0\ninit"));
        write("res-1.npk", "name: res\nversion: 1.0.0\nuid: 1000\ngid: 1000\n");
        write("res-2.npk", "name: res\nversion: 2.0.0\nuid: 1000\ngid: 1000\n");
    }

    private CompletableFuture<Response> start(Container container) {
        CompletableFuture<Response> reply = h.send(Harness.start(container));
        h.drain();
        return reply;
    }

    private static Response started(Container container) {
        return new Response.Start(new ContainerResult.Ok(container));
    }

    private static Response startFailed(Container container, ConsoleError error) {
        return new Response.Start(new ContainerResult.Err(container, error));
    }

    private void exec(Container container, int pid) {
        h.forker(new ForkerEvent.Started(1, container, new Pid(pid)));
    }

    private void exit(int pid, ExitStatus status) {
        h.forker(new ForkerEvent.Exited(new Pid(pid), status));
    }

    private Optional<InspectResult.Ok> inspect(Container container) {
        return Optional.of((InspectResult.Ok) ((Response.Inspect) h.ask(new Request.Inspect(container))).result());
    }

    @Test
    void aStartIsAnsweredWhenTheForkerIsAndTheExitEndsIt() throws Exception {
        startMachine();
        CompletableFuture<Response> reply = start(APP_1);
        assertFalse(reply.isDone(), "answered only when the forker answered");
        assertInstanceOf(ContainerState.Starting.class, h.state(APP_1));
        // The lowest matching version (Northstar sorts ascending), mounted with the container.
        assertEquals(Map.of(Name.of("res"), RES_1), h.launcher.launches.get(0).resources());
        assertEquals(Set.of("mount app:1.0.0", "mount res:1.0.0"), Set.copyOf(h.mounter.log));
        assertEquals(Optional.empty(), inspect(APP_1).orElseThrow().data().process());

        exec(APP_1, 42);
        assertEquals(started(APP_1), reply.join());
        assertEquals(List.of(new Notification.Started(APP_1)), h.notifications);
        assertTrue(h.launcher.log.contains("started app:1.0.0 42"), "debug commands after the exec");
        assertEquals(42, inspect(APP_1).orElseThrow().data().process().orElseThrow().pid());

        assertEquals(startFailed(APP_1, new ConsoleError.StartContainerStarted(APP_1)), start(APP_1).join());
        assertEquals(startFailed(APP_2, new ConsoleError.StartContainerStarted(APP_1)), start(APP_2).join());
        assertEquals(new Response.Umount(List.of(new ContainerResult.Err(APP_1, new ConsoleError.UmountBusy(APP_1)))),
                h.ask(new Request.Umount(List.of(APP_1))));
        // The user is named when its resource is busy.
        assertEquals(new Response.Umount(List.of(new ContainerResult.Err(RES_1, new ConsoleError.UmountBusy(APP_1)))),
                h.ask(new Request.Umount(List.of(RES_1))));
        assertEquals(new Response.Uninstall(new ContainerResult.Err(APP_1, new ConsoleError.UmountBusy(APP_1))),
                h.ask(new Request.Uninstall(APP_1, false)));

        assertEquals(new Response.Kill(new ContainerResult.Ok(APP_1)), h.ask(new Request.Kill(APP_1, 15)));
        assertTrue(h.launcher.log.contains("kill 42 15"));
        exit(42, new ExitStatus.Signalled(15));
        assertEquals(new Notification.Exit(APP_1, new ExitStatus.Signalled(15)), h.notifications.get(1));
        assertTrue(h.launcher.log.contains("release app:1.0.0"));
        assertInstanceOf(ContainerState.Mounted.class, h.state(APP_1));
        assertEquals(new Response.Kill(new ContainerResult.Err(APP_1, new ConsoleError.StopContainerNotStarted(APP_1))),
                h.ask(new Request.Kill(APP_1, 15)));
        assertEquals(new Response.Umount(List.of(new ContainerResult.Ok(RES_1))), h.ask(new Request.Umount(List.of(RES_1))));
        // An exit reported twice (or for a pid never started) changes nothing.
        exit(42, new ExitStatus.Exit(0));
        assertEquals(2, h.notifications.size());
    }

    /**
     * A container may ask to be killed through its console the moment it runs, before the forker's report of the
     * exec was handled: the kill is accepted and delivered once the pid is known.
     */
    @Test
    void aKillWhileStartingIsDeliveredOnceThePidIsKnown() throws Exception {
        startMachine();
        CompletableFuture<Response> reply = start(APP_1);
        assertEquals(new Response.Kill(new ContainerResult.Ok(APP_1)), h.ask(new Request.Kill(APP_1, 9)));
        assertFalse(h.launcher.log.stream().anyMatch(l -> l.startsWith("kill")), "no pid yet");
        exec(APP_1, 42);
        assertEquals(started(APP_1), reply.join());
        assertEquals("kill 42 9", h.launcher.log.get(h.launcher.log.size() - 1));
    }

    @Test
    void aForkerFailureAnswersStartContainerFailedAndReleases() throws Exception {
        startMachine();
        CompletableFuture<Response> reply = start(APP_1);
        h.forker(new ForkerEvent.Failed(1, APP_1,
                new StartFailedException(APP_1, "pivot_root", jnr.constants.platform.Errno.EINVAL.intValue(), "")));
        assertEquals(startFailed(APP_1, new ConsoleError.StartContainerFailed(APP_1, "pivot_root: EINVAL")), reply.join());
        assertEquals(List.of("launch app:1.0.0", "release app:1.0.0"), h.launcher.log);
        assertEquals(List.of(), h.notifications);
        // Not started: it can be started again.
        start(APP_1);
        assertEquals(2, h.launcher.launches.size());
    }

    @Test
    void aMissingResourceIsReportedWithTheRequirement() throws Exception {
        Files.delete(dir.resolve("repo/res-1.npk"));
        Files.delete(dir.resolve("repo/res-2.npk"));
        startMachine();
        assertEquals(startFailed(APP_1, new ConsoleError.StartContainerMissingResource(APP_1, Name.of("res"), ">=1.0.0")),
                start(APP_1).join());
        assertEquals(List.of(), h.mounter.log, "nothing is mounted for a start that cannot succeed");
        assertEquals(List.of(), h.launcher.launches);
    }

    @Test
    void resourceContainersNeedAnInit() throws Exception {
        startMachine();
        assertEquals(startFailed(RES_1, new ConsoleError.StartContainerResource(RES_1)), start(RES_1).join());
    }

    @Test
    void shutdownTermsWaitsKillsAfterTheGraceAndReleasesAll() throws Exception {
        startMachine();
        start(APP_1);
        exec(APP_1, 42);
        CompletableFuture<Void> done = new CompletableFuture<>();
        h.machine.handle(new Event.Shutdown(done));
        h.drain();
        assertTrue(h.launcher.log.contains("kill 42 15"), "SIGTERM first");
        assertFalse(done.isDone(), "waits for the exit");
        h.machine.handle(new Event.ShutdownGrace());
        assertTrue(h.launcher.log.contains("kill 42 9"), "SIGKILL after the grace period");
        exit(42, new ExitStatus.Exit(-2));
        assertTrue(done.isDone());
        assertTrue(h.machine.isShutDown());
        assertTrue(h.launcher.closed, "forker and cgroups released");
        assertTrue(h.mounter.log.containsAll(List.of("umount app:1.0.0", "umount res:1.0.0")), h.mounter.log.toString());
        assertEquals(List.of(), h.fatal);
    }

    @Test
    void shutdownKillsAContainerThatIsStillStarting() throws Exception {
        startMachine();
        CompletableFuture<Response> reply = start(APP_1);
        CompletableFuture<Void> done = new CompletableFuture<>();
        h.machine.handle(new Event.Shutdown(done));
        h.drain();
        assertFalse(done.isDone(), "waits for the starting container");
        exec(APP_1, 42);
        assertTrue(h.launcher.log.contains("kill 42 9"), h.launcher.log.toString());
        assertEquals(startFailed(APP_1, new ConsoleError.StartContainerFailed(APP_1, "the runtime is shutting down")),
                reply.join());
        exit(42, new ExitStatus.Signalled(9));
        assertTrue(done.isDone());
        assertEquals(List.of(), h.fatal);
    }

    /** Starts the machine with app:1.0.0 as a critical autostart container and asks for the autostart. */
    private CompletableFuture<Outcome<Integer>> autostartCritical() throws Exception {
        write("app-1.npk", APP + "autostart: critical\n");
        startMachine();
        CompletableFuture<Outcome<Integer>> autostarted = new CompletableFuture<>();
        h.machine.handle(new Event.Autostart(autostarted));
        h.drain();
        return autostarted;
    }

    @Test
    void aCriticalContainerThatFailsEndsTheRuntimeOneThatSucceedsDoesNot() throws Exception {
        CompletableFuture<Outcome<Integer>> autostarted = autostartCritical();
        assertFalse(autostarted.isDone());
        exec(APP_1, 7);
        assertEquals(Outcome.ok(1), autostarted.join());
        exit(7, new ExitStatus.Exit(0));
        assertEquals(List.of(), h.fatal, "exit 0 of a critical container is fine");

        start(APP_1);
        exec(APP_1, 8);
        exit(8, new ExitStatus.Signalled(9));
        assertEquals(List.of("critical container app:1.0.0 exited with status Signalled(SIGKILL)"), h.fatal);
    }

    @Test
    void aCriticalAutostartThatCannotStartFailsTheRuntimeStart() throws Exception {
        CompletableFuture<Outcome<Integer>> autostarted = autostartCritical();
        h.forker(new ForkerEvent.Failed(1, APP_1, new StartFailedException(APP_1, "execve", 2, "")));
        assertEquals(Outcome.failed(new ConsoleError.StartContainerFailed(APP_1, "execve: ENOENT")), autostarted.join());
    }

    @Test
    void memoryEventsAndALostForkerAreReported() throws Exception {
        startMachine();
        start(APP_1);
        exec(APP_1, 42);
        MemoryEvent oom = new MemoryEvent(null, null, null, 1L, 1L);
        h.launcher.memory.get(APP_1).accept(oom);
        h.drain();
        assertEquals(new Notification.CGroup(APP_1, new CgroupNotification.Memory(oom.toNotification())),
                h.notifications.get(1));
        h.forker(new ForkerEvent.Gone("control connection closed"));
        assertEquals(new Notification.Exit(APP_1, new ExitStatus.Exit(-2)), h.notifications.get(2));
        assertEquals(List.of("the forker exited (control connection closed); its containers ended with it"), h.fatal);
    }
}
