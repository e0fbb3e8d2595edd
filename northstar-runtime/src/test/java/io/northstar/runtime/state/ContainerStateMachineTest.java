package io.northstar.runtime.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.console.LogLine;
import io.northstar.runtime.logs.ContainerLogs;
import io.northstar.runtime.logs.LogFollower;
import io.northstar.runtime.logs.LogLimits;
import io.northstar.runtime.logs.LogRead;
import io.northstar.runtime.logs.LogRun;
import io.northstar.runtime.sandbox.StartArguments;
import io.northstar.runtime.repository.Capacity;
import io.northstar.runtime.repository.FsRepository;
import io.northstar.runtime.repository.MemRepository;
import io.northstar.runtime.repository.Repository;
import io.northstar.runtime.repository.Staged;
import io.northstar.runtime.repository.Staging;
import io.northstar.runtime.repository.StoredNpk;
import io.northstar.runtime.repository.TextNpk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state machine's rules (container-lifecycle §4–7, §15–18) with real repositories in a temp
 * directory and a mounter that only records (the kernel side is covered by the integration tests).
 */
class ContainerStateMachineTest {

    /** Records mounts; fails for containers named "broken". */
    static final class RecordingMounter implements Mounter {
        final List<String> log = new ArrayList<>();

        record Root(Path target) implements Mounted {
        }

        @Override
        public synchronized Mounted mount(StoredNpk npk, boolean verified, Path target) throws Exception {
            if (npk.container().name().value().equals("broken")) {
                throw new Exception("mounting " + npk.container() + ": LOOP_SET_FD failed: EBUSY");
            }
            log.add("mount " + npk.container() + (verified ? " verified" : ""));
            return new Root(target);
        }

        @Override
        public synchronized void umount(Mounted mounted) {
            log.add("umount " + mounted.target().getFileName());
        }
    }

    @TempDir
    Path dir;

    private Path fsDir;
    private Path dataDir;
    private RecordingMounter mounter;
    private ContainerStateMachine machine;
    private final List<Notification> notifications = new ArrayList<>();

    private static final Container A = Container.parse("a:1.0.0");
    private static final Container B = Container.parse("b:1.0.0");

    @BeforeEach
    void setUp() throws Exception {
        fsDir = Files.createDirectories(dir.resolve("fs"));
        dataDir = Files.createDirectories(dir.resolve("data"));
        Files.writeString(fsDir.resolve("a.npk"), "a:1.0.0");
        Files.writeString(fsDir.resolve("shared.npk"), "shared:1.0.0");
        Path otherDir = Files.createDirectories(dir.resolve("other"));
        Files.writeString(otherDir.resolve("shared.npk"), "shared:1.0.0");
        Files.writeString(otherDir.resolve("broken.npk"), "broken:1.0.0");
        Map<String, Repository> repositories = new LinkedHashMap<>();
        repositories.put("fs", FsRepository.open("fs", fsDir, true, Capacity.UNLIMITED, TextNpk.LOADER));
        repositories.put("other", FsRepository.open("other", otherDir, false, Capacity.UNLIMITED, TextNpk.LOADER));
        repositories.put("mem", new MemRepository("mem", false, Capacity.UNLIMITED, TextNpk.LOADER));
        mounter = new RecordingMounter();
        machine = new ContainerStateMachine(repositories, Set.of("fs"), dir.resolve("run"), dataDir, mounter);
        machine.subscribe(notifications::add);
    }

    private Outcome<Container> install(String repository, String content) throws Exception {
        Outcome<Staging> begun = machine.beginInstall(repository);
        Staging staging = begun.fold(s -> s, e -> null);
        if (staging == null) {
            return Outcome.failed(begun.fold(s -> null, e -> e));
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        staging.write(bytes, 0, bytes.length);
        Staged staged = staging.finish();
        return machine.commitInstall(staged);
    }

    private static RuntimeError error(Outcome<?> outcome) {
        return outcome.fold(ok -> null, e -> e);
    }

    @Test
    void theFirstRepositoryWinsADuplicateAtStart() {
        assertEquals(List.of(A, Container.parse("broken:1.0.0"), Container.parse("shared:1.0.0")), machine.list());
        assertEquals("fs", machine.inspect(Container.parse("shared:1.0.0")).fold(ContainerInfo::repository, e -> null));
        assertEquals(List.of("fs", "other", "mem"), machine.repositories());
    }

    @Test
    void mountResultsFollowTheRequestOrder() {
        Container unknown = Container.parse("unknown:0.0.1");
        Container broken = Container.parse("broken:1.0.0");
        List<Outcome<Container>> results = machine.mount(List.of(unknown, A, broken, A));
        assertEquals(new RuntimeError.InvalidContainer(unknown), error(results.get(0)));
        assertEquals(Outcome.ok(A), results.get(1));
        assertEquals(new RuntimeError.Unexpected("mounting broken:1.0.0: LOOP_SET_FD failed: EBUSY"), error(results.get(2)));
        assertEquals(new RuntimeError.InvalidContainer(A), error(results.get(3)), "the second copy is already mounted");
        assertEquals(List.of("mount a:1.0.0 verified"), mounter.log);
        assertEquals(new RuntimeError.InvalidContainer(A), error(machine.mount(List.of(A)).get(0)));
        assertTrue(machine.inspect(A).fold(ContainerInfo::mounted, e -> false));
    }

    @Test
    void umountOfANotMountedContainerIsBusy() {
        assertEquals(new RuntimeError.UmountBusy(A), error(machine.umount(List.of(A)).get(0)));
        machine.mount(List.of(A));
        assertEquals(List.of(Outcome.ok(A)), machine.umount(List.of(A)));
        assertEquals(List.of("mount a:1.0.0 verified", "umount a:1.0.0"), mounter.log);
    }

    @Test
    void mountOnStartMountsTheRepositoriesThatAskForIt() {
        assertEquals(Outcome.ok(2), machine.mountOnStart());
        assertEquals(Set.of("mount a:1.0.0 verified", "mount shared:1.0.0 verified"), Set.copyOf(mounter.log));
    }

    @Test
    void installRegistersNotifiesAndRefusesDuplicates() throws Exception {
        assertEquals(Outcome.ok(B), install("mem", "b:1.0.0"));
        assertEquals(List.of(new Notification.Installed(B)), notifications);
        assertEquals(new RuntimeError.InstallDuplicate(B), error(install("fs", "b:1.0.0")));
        try (Stream<Path> files = Files.list(fsDir)) {
            assertEquals(2, files.count(), "the refused upload was removed");
        }
        assertEquals(new RuntimeError.Unexpected("b:1.0.0 already in repository"), error(install("mem", "b:1.0.0")));
        assertEquals(new RuntimeError.InvalidRepository("nope"), error(machine.beginInstall("nope")));
        assertEquals(1, notifications.size());
    }

    @Test
    void uninstallUmountsFirstAndWipesOnlyOnRequest() throws Exception {
        Files.createDirectories(dataDir.resolve("a"));
        machine.mount(List.of(A));
        assertEquals(Outcome.ok(A), machine.uninstall(A, false));
        assertEquals(List.of("mount a:1.0.0 verified", "umount a:1.0.0"), mounter.log);
        assertFalse(Files.exists(fsDir.resolve("a.npk")));
        assertTrue(Files.exists(dataDir.resolve("a")));
        assertEquals(new RuntimeError.InvalidContainer(A), error(machine.uninstall(A, true)));
        assertEquals(Outcome.ok(B), install("mem", "b:1.0.0"));
        Files.createDirectories(dataDir.resolve("b/deep"));
        assertEquals(Outcome.ok(B), machine.uninstall(B, true));
        assertFalse(Files.exists(dataDir.resolve("b")));
        assertEquals(List.of(new Notification.Uninstalled(A), new Notification.Installed(B),
                new Notification.Uninstalled(B)), notifications);
    }

    @Test
    void logsAreReadForKnownContainersAndDroppedWithTheUninstall() throws Exception {
        ContainerLogs logs = new ContainerLogs(LogLimits.DEFAULTS);
        machine.attach(logs);
        Container unknown = Container.parse("nope:1.0.0");
        assertEquals(new RuntimeError.InvalidContainer(unknown),
                error(machine.logs(unknown, OptionalLong.empty(), Optional.empty())));
        // Known, never started: no lines, nothing to follow.
        LogRead none = machine.logs(A, OptionalLong.empty(), Optional.empty()).fold(r -> r, e -> null);
        assertEquals(List.of(), none.lines());
        LogRun run = logs.begin(A);
        run.append(LogLine.Stream.STDOUT, "hello");
        List<String> ended = new ArrayList<>();
        LogFollower follower = new LogFollower() {
            @Override
            public void line(LogLine line) {
            }

            @Override
            public void end() {
                ended.add("end");
            }
        };
        LogRead read = machine.logs(A, OptionalLong.of(1), Optional.of(follower)).fold(r -> r, e -> null);
        assertEquals(List.of("hello"), read.lines().stream().map(LogLine::line).toList());
        assertTrue(read.following());
        // Its followers end with the buffer (a running container cannot be uninstalled; the buffer can).
        assertEquals(Outcome.ok(A), machine.uninstall(A, false));
        assertEquals(List.of("end"), ended);
        run.append(LogLine.Stream.STDOUT, "after");
        assertEquals(new RuntimeError.InvalidContainer(A), error(machine.logs(A, OptionalLong.empty(), Optional.empty())));
        assertEquals(List.of(), logs.read(A, OptionalLong.empty(), Optional.empty()).lines(), "the buffer went");
    }

    @Test
    void wipingADotDotNameNeverLeavesTheDataDirectory() throws Exception {
        Container dots = Container.parse("..:1.0.0");
        assertEquals(Outcome.ok(dots), install("mem", "..:1.0.0"));
        assertEquals(Outcome.ok(dots), machine.uninstall(dots, true));
        assertTrue(Files.isDirectory(dataDir), "data_dir/.. is not the container's data");
        assertTrue(Files.isDirectory(fsDir));
    }

    @Test
    void aLaggingSubscriberIsDropped() throws Exception {
        List<Notification> once = new ArrayList<>();
        machine.subscribe(n -> once.add(n) && once.size() < 1);
        install("mem", "b:1.0.0");
        machine.uninstall(B, false);
        assertEquals(List.of(new Notification.Installed(B)), once);
        assertEquals(2, notifications.size());
    }

    private Outcome<Container> start(Container container, Map<String, String> environment) {
        CompletableFuture<Outcome<Container>> reply = new CompletableFuture<>();
        machine.start(container, new StartArguments(Optional.empty(), List.of(), environment), reply);
        assertTrue(reply.isDone(), "without a launcher every start is answered at once");
        return reply.join();
    }

    @Test
    void startAndKillWithoutProcesses() throws Exception {
        assertEquals(new RuntimeError.InvalidContainer(B), error(start(B, Map.of())));
        assertEquals(new RuntimeError.InvalidArguments(ContainerStateMachine.RESERVED_ENV_CAUSE),
                error(start(A, Map.of("NORTHSTAR_CONSOLE", "3"))));
        assertEquals(Outcome.ok(Container.parse("resource-x:1.0.0")), install("mem", "resource-x:1.0.0"));
        Container resource = Container.parse("resource-x:1.0.0");
        assertEquals(new RuntimeError.StartContainerResource(resource), error(start(resource, Map.of())));
        assertTrue(error(start(A, Map.of())) instanceof RuntimeError.StartContainerFailed);
        for (int bad : new int[] {0, -1, 32, 64}) {
            assertEquals(new RuntimeError.Unexpected("EINVAL: Invalid argument"), error(machine.kill(A, bad)));
        }
        assertEquals(new RuntimeError.InvalidContainer(B), error(machine.kill(B, 15)));
        assertEquals(new RuntimeError.StopContainerNotStarted(A), error(machine.kill(A, 9)));
    }

    @Test
    void shutdownUmountsEverything() {
        machine.mount(List.of(A, Container.parse("shared:1.0.0")));
        CompletableFuture<Void> done = new CompletableFuture<>();
        machine.shutdown(done);
        assertTrue(done.isDone(), "nothing runs: the shutdown completes at once");
        assertTrue(machine.isShutDown());
        assertEquals(Set.of("umount a:1.0.0", "umount shared:1.0.0"),
                Set.copyOf(mounter.log.subList(2, 4)));
    }
}
