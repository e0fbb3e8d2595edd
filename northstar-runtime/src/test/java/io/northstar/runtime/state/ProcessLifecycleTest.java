package io.northstar.runtime.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.console.ConsoleError;
import io.northstar.manifest.Manifest;
import io.northstar.runtime.cgroups.MemoryEvent;
import io.northstar.runtime.fork.ExitStatus;
import io.northstar.runtime.fork.Pid;
import io.northstar.runtime.fork.StartFailedException;
import io.northstar.runtime.repository.Capacity;
import io.northstar.runtime.repository.FsRepository;
import io.northstar.runtime.repository.LoadedNpk;
import io.northstar.runtime.repository.Repository;
import io.northstar.runtime.sandbox.StartArguments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process side of the state machine (container-lifecycle §8–§16) without a kernel: a
 * launcher that records what it is asked and whose forker answers the test gives, and the events
 * the machine posts to its loop dispatched by the test in order.
 */
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

    /** Records launches and signals; the forker's answer is {@link Launch#pid}, completed by the test. */
    static final class RecordingLauncher implements Launcher {
        record Launch(Manifest manifest, StartArguments start, Map<Name, Container> resources,
                CompletableFuture<Pid> pid, List<String> log) implements Launched {
            @Override
            public Map<String, Object> statistics() {
                return Map.of("memory", Map.of("usage_in_bytes", 4096L));
            }

            @Override
            public void started(Pid pid) {
                log.add("started " + manifest.container() + " " + pid);
            }

            @Override
            public void release() {
                log.add("release " + manifest.container());
            }
        }

        final List<Launch> launches = new ArrayList<>();
        final List<String> log = new ArrayList<>();
        final Map<Container, Consumer<MemoryEvent>> memory = new LinkedHashMap<>();
        boolean closed;

        @Override
        public Launched launch(Manifest manifest, StartArguments start, Map<Name, Container> resources,
                Consumer<MemoryEvent> memoryEvents) {
            Launch launch = new Launch(manifest, start, Map.copyOf(resources), new CompletableFuture<>(), log);
            launches.add(launch);
            memory.put(manifest.container(), memoryEvents);
            log.add("launch " + manifest.container());
            return launch;
        }

        @Override
        public CompletableFuture<Void> kill(Pid pid, int signal) {
            log.add("kill " + pid + " " + signal);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final String APP = "name: app\nversion: 1.0.0\ninit: /app\nuid: 1000\ngid: 1000\n"
            + "mounts:\n  /res:\n    type: resource\n    name: res\n    version: '>=1.0.0'\n    dir: /\n";
    private static final Container APP_1 = Container.parse("app:1.0.0");
    private static final Container APP_2 = Container.parse("app:2.0.0");
    private static final Container RES_1 = Container.parse("res:1.0.0");

    @TempDir
    Path dir;

    private final List<Event> posted = new ArrayList<>();
    private final List<Notification> notifications = new ArrayList<>();
    private final List<String> fatal = new ArrayList<>();
    private ContainerStateMachineTest.RecordingMounter mounter;
    private RecordingLauncher launcher;
    private ContainerStateMachine machine;

    private void write(String file, String manifest) throws Exception {
        Files.writeString(dir.resolve("repo").resolve(file), manifest);
    }

    private void startMachine() throws Exception {
        Map<String, Repository> repositories = new LinkedHashMap<>();
        repositories.put("fs", FsRepository.open("fs", dir.resolve("repo"), false, Capacity.UNLIMITED,
                ManifestNpk::load));
        mounter = new ContainerStateMachineTest.RecordingMounter();
        machine = new ContainerStateMachine(repositories, Set.of(), dir.resolve("run"), dir.resolve("data"), mounter,
                posted::add, fatal::add, Duration.ofSeconds(5));
        launcher = new RecordingLauncher();
        machine.attach(launcher);
        machine.subscribe(notifications::add);
    }

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("repo"));
        write("app-1.npk", APP);
        write("app-2.npk", APP.replace("1.0.0\ninit", "2.0.0\ninit"));
        write("res-1.npk", "name: res\nversion: 1.0.0\nuid: 1000\ngid: 1000\n");
        write("res-2.npk", "name: res\nversion: 2.0.0\nuid: 1000\ngid: 1000\n");
    }

    /** Dispatches what the machine posted to its loop, in order, as the loop would. */
    private void drain() {
        while (!posted.isEmpty()) {
            posted.remove(0).dispatch(machine);
        }
    }

    private CompletableFuture<Outcome<Container>> start(Container container) {
        CompletableFuture<Outcome<Container>> reply = new CompletableFuture<>();
        machine.start(container, StartArguments.NONE, reply);
        return reply;
    }

    private RuntimeError error(CompletableFuture<Outcome<Container>> reply) {
        assertTrue(reply.isDone());
        return reply.join().fold(ok -> null, e -> e);
    }

    @Test
    void aStartIsAnsweredWhenTheForkerIsAndTheExitEndsIt() throws Exception {
        startMachine();
        CompletableFuture<Outcome<Container>> reply = start(APP_1);
        assertFalse(reply.isDone(), "answered only when the forker answered");
        RecordingLauncher.Launch launch = launcher.launches.get(0);
        // The lowest matching version (Northstar sorts ascending), mounted with the container.
        assertEquals(Map.of(Name.of("res"), RES_1), launch.resources());
        assertEquals(Set.of("mount app:1.0.0", "mount res:1.0.0"), Set.copyOf(mounter.log));
        assertEquals(Optional.empty(), machine.inspect(APP_1).fold(i -> i.process(), e -> null));

        launch.pid().complete(new Pid(42));
        drain();
        assertEquals(Outcome.ok(APP_1), reply.join());
        assertEquals(List.of(new Notification.Started(APP_1)), notifications);
        assertTrue(launcher.log.contains("started app:1.0.0 42"), "debug commands after the exec");
        ContainerInfo.Process process = machine.inspect(APP_1).fold(i -> i.process(), e -> null).orElseThrow();
        assertEquals(42, process.pid());
        assertEquals(Map.of("memory", Map.of("usage_in_bytes", 4096L)), process.statistics());

        assertEquals(new RuntimeError.StartContainerStarted(APP_1), error(start(APP_1)));
        assertEquals(new RuntimeError.StartContainerStarted(APP_1), error(start(APP_2)));
        assertEquals(List.of(Outcome.failed(new RuntimeError.UmountBusy(APP_1))), machine.umount(List.of(APP_1)));
        // The user is named when its resource is busy.
        assertEquals(List.of(Outcome.failed(new RuntimeError.UmountBusy(APP_1))), machine.umount(List.of(RES_1)));
        assertEquals(Outcome.failed(new RuntimeError.UmountBusy(APP_1)), machine.uninstall(APP_1, false));

        assertEquals(Outcome.ok(APP_1), machine.kill(APP_1, 15));
        assertTrue(launcher.log.contains("kill 42 15"));
        machine.exited(new Pid(42), new ExitStatus.Signalled(15));
        assertEquals(new Notification.Exited(APP_1, new ExitStatus.Signalled(15)), notifications.get(1));
        assertEquals(new io.northstar.console.Notification.Exit(APP_1, new io.northstar.console.ExitStatus.Signalled(15)),
                notifications.get(1).toApi());
        assertTrue(launcher.log.contains("release app:1.0.0"));
        assertEquals(new RuntimeError.StopContainerNotStarted(APP_1), machine.kill(APP_1, 15).fold(ok -> null, e -> e));
        assertEquals(List.of(Outcome.ok(RES_1)), machine.umount(List.of(RES_1)));
        // An exit reported twice (or for a pid never started) changes nothing.
        machine.exited(new Pid(42), new ExitStatus.Exit(0));
        assertEquals(2, notifications.size());
    }

    @Test
    void aForkerFailureAnswersStartContainerFailedAndReleases() throws Exception {
        startMachine();
        CompletableFuture<Outcome<Container>> reply = start(APP_1);
        launcher.launches.get(0).pid().completeExceptionally(
                new StartFailedException(APP_1, "pivot_root", jnr.constants.platform.Errno.EINVAL.intValue(), ""));
        drain();
        assertEquals(new RuntimeError.StartContainerFailed(APP_1, "pivot_root: EINVAL"), error(reply));
        assertEquals(List.of("launch app:1.0.0", "release app:1.0.0"), launcher.log);
        assertEquals(List.of(), notifications);
        // Not started: it can be started again.
        start(APP_1);
        assertEquals(2, launcher.launches.size());
    }

    @Test
    void aMissingResourceIsReportedWithTheRequirement() throws Exception {
        Files.delete(dir.resolve("repo/res-1.npk"));
        Files.delete(dir.resolve("repo/res-2.npk"));
        startMachine();
        assertEquals(new RuntimeError.StartContainerMissingResource(APP_1, "res", ">=1.0.0"), error(start(APP_1)));
        assertEquals(List.of(), mounter.log, "nothing is mounted for a start that cannot succeed");
        assertEquals(List.of(), launcher.launches);
    }

    /**
     * The version is carried as the text it was given (Northstar: a String), so a resolved resource's version
     * is not rewritten into the requirement {@code ^0.0.1}.
     */
    @Test
    void aMissingResourceVersionIsWrittenAsGiven() {
        assertEquals("{\"start_container_missing_resource\":{\"container\":\"app:1.0.0\",\"resource\":\"res\",\"version\":\"0.0.1\"}}",
                new RuntimeError.StartContainerMissingResource(APP_1, "res", "0.0.1").toApi()
                        .toJson().toString());
        assertEquals(">=1.0.0, <2", ((ConsoleError.StartContainerMissingResource)
                new RuntimeError.StartContainerMissingResource(APP_1, "res", ">=1.0.0, <2").toApi()).version());
    }

    @Test
    void resourceContainersNeedAnInit() throws Exception {
        startMachine();
        assertEquals(new RuntimeError.StartContainerResource(RES_1), error(start(RES_1)));
    }

    @Test
    void shutdownTermsWaitsKillsAfterTheGraceAndReleasesAll() throws Exception {
        startMachine();
        start(APP_1);
        launcher.launches.get(0).pid().complete(new Pid(42));
        drain();
        CompletableFuture<Void> done = new CompletableFuture<>();
        machine.shutdown(done);
        assertTrue(launcher.log.contains("kill 42 15"), "SIGTERM first");
        assertFalse(done.isDone(), "waits for the exit");
        machine.shutdownGrace();
        assertTrue(launcher.log.contains("kill 42 9"), "SIGKILL after the grace period");
        machine.exited(new Pid(42), new ExitStatus.Exit(-2));
        assertTrue(done.isDone());
        assertTrue(machine.isShutDown());
        assertTrue(launcher.closed, "forker and cgroups released");
        assertTrue(mounter.log.containsAll(List.of("umount app:1.0.0", "umount res:1.0.0")), mounter.log.toString());
    }

    @Test
    void aCriticalContainerThatFailsEndsTheRuntimeOneThatSucceedsDoesNot() throws Exception {
        write("app-1.npk", APP + "autostart: critical\n");
        startMachine();
        CompletableFuture<Outcome<Integer>> autostarted = new CompletableFuture<>();
        machine.autostart(autostarted);
        assertFalse(autostarted.isDone());
        launcher.launches.get(0).pid().complete(new Pid(7));
        drain();
        assertEquals(Outcome.ok(1), autostarted.join());
        machine.exited(new Pid(7), new ExitStatus.Exit(0));
        assertEquals(List.of(), fatal, "exit 0 of a critical container is fine");

        start(APP_1);
        launcher.launches.get(1).pid().complete(new Pid(8));
        drain();
        machine.exited(new Pid(8), new ExitStatus.Signalled(9));
        assertEquals(List.of("critical container app:1.0.0 exited with status Signalled(SIGKILL)"), fatal);
    }

    @Test
    void aCriticalAutostartThatCannotStartFailsTheRuntimeStart() throws Exception {
        write("app-1.npk", APP + "autostart: critical\n");
        startMachine();
        CompletableFuture<Outcome<Integer>> autostarted = new CompletableFuture<>();
        machine.autostart(autostarted);
        launcher.launches.get(0).pid().completeExceptionally(new StartFailedException(APP_1, "execve", 2, ""));
        drain();
        assertEquals(new RuntimeError.StartContainerFailed(APP_1, "execve: ENOENT"),
                autostarted.join().fold(ok -> null, e -> e));
    }

    @Test
    void memoryEventsAndALostForkerAreReported() throws Exception {
        startMachine();
        start(APP_1);
        launcher.launches.get(0).pid().complete(new Pid(42));
        drain();
        MemoryEvent oom = new MemoryEvent(null, null, null, 1L, 1L);
        launcher.memory.get(APP_1).accept(oom);
        drain();
        assertEquals(new Notification.Memory(APP_1, oom), notifications.get(1));
        machine.forkerGone("control connection closed");
        assertEquals(new Notification.Exited(APP_1, new ExitStatus.Exit(-2)), notifications.get(2));
    }
}
