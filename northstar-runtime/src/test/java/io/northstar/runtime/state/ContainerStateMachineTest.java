package io.northstar.runtime.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.common.NonNulString;
import io.northstar.console.ConsoleError;
import io.northstar.console.ContainerResult;
import io.northstar.console.InspectResult;
import io.northstar.console.LogLine;
import io.northstar.console.LogsResult;
import io.northstar.console.Notification;
import io.northstar.console.Request;
import io.northstar.console.Response;
import io.northstar.runtime.logs.LogFollower;
import io.northstar.runtime.logs.LogRun;
import io.northstar.runtime.repository.Capacity;
import io.northstar.runtime.repository.FsRepository;
import io.northstar.runtime.repository.MemRepository;
import io.northstar.runtime.repository.Repository;
import io.northstar.runtime.repository.Staged;
import io.northstar.runtime.repository.Staging;
import io.northstar.runtime.repository.TextNpk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state machine's rules for repositories, mounts, installs and the console requests around them, with real
 * repositories in a temp directory and a mounter that only records (the kernel side is covered by the
 * integration tests).
 */
class ContainerStateMachineTest {

    @TempDir
    Path dir;

    private Path fsDir;
    private Path dataDir;
    private Harness h;

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
        h = new Harness(repositories, Set.of("fs"), dir);
    }

    private Optional<ConsoleError> install(String repository, String content) throws Exception {
        CompletableFuture<Outcome<Staging>> begun = new CompletableFuture<>();
        h.machine.handle(new Event.BeginInstall(repository, begun));
        Staging staging = begun.join().fold(s -> s, e -> null);
        if (staging == null) {
            return Optional.of(begun.join().fold(s -> null, e -> e));
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        staging.write(bytes, 0, bytes.length);
        Staged staged = staging.finish();
        CompletableFuture<Outcome<Container>> committed = new CompletableFuture<>();
        h.machine.handle(new Event.CommitInstall(staged, committed));
        return committed.join().fold(c -> Optional.empty(), Optional::of);
    }

    private static ContainerResult ok(Container container) {
        return new ContainerResult.Ok(container);
    }

    private static ContainerResult err(Container container, ConsoleError error) {
        return new ContainerResult.Err(container, error);
    }

    @Test
    void theFirstRepositoryWinsADuplicateAtStart() {
        Container shared = Container.parse("shared:1.0.0");
        assertEquals(new Response.List(List.of(A, Container.parse("broken:1.0.0"), shared)),
                h.ask(new Request.List()));
        assertEquals("fs", ((InspectResult.Ok) ((Response.Inspect) h.ask(new Request.Inspect(shared))).result())
                .data().repository());
        assertEquals(new Response.Repositories(new LinkedHashSet<>(List.of("fs", "other", "mem"))),
                h.ask(new Request.Repositories()));
    }

    @Test
    void mountResultsFollowTheRequestOrder() {
        Container unknown = Container.parse("unknown:0.0.1");
        Container broken = Container.parse("broken:1.0.0");
        assertEquals(new Response.Mount(List.of(err(unknown, new ConsoleError.InvalidContainer(unknown)), ok(A),
                err(broken, new ConsoleError.Unexpected("mounting broken:1.0.0: LOOP_SET_FD failed: EBUSY")),
                err(A, new ConsoleError.InvalidContainer(A)))), h.ask(new Request.Mount(List.of(unknown, A, broken, A))));
        assertEquals(List.of("mount a:1.0.0 verified"), h.mounter.log);
        assertEquals(new Response.Mount(List.of(err(A, new ConsoleError.InvalidContainer(A)))),
                h.ask(new Request.Mount(List.of(A))));
        assertInstanceOf(ContainerState.Mounted.class, h.state(A));
        assertInstanceOf(ContainerState.Installed.class, h.state(broken), "a failed mount leaves nothing");
    }

    /** Extension: logs of known containers only; a follow is registered with the read; uninstall drops both. */
    @Test
    void logsAreReadForKnownContainersAndDroppedWithTheUninstall() throws Exception {
        Container unknown = Container.parse("nope:1.0.0");
        assertEquals(new Response.Logs(new LogsResult.Err(unknown, new ConsoleError.InvalidContainer(unknown))),
                h.ask(new Request.Logs(unknown, OptionalLong.empty(), false)));
        assertEquals(new Response.Logs(new LogsResult.Ok(A, List.of(), false)),
                h.ask(new Request.Logs(A, OptionalLong.empty(), false)), "known, never started: no lines");
        LogRun run = h.logs.begin(A);
        run.append(LogLine.Stream.STDOUT, "first");
        run.append(LogLine.Stream.STDERR, "hello");
        List<String> seen = new ArrayList<>();
        LogFollower follower = new LogFollower() {
            @Override
            public void line(LogLine line) {
                seen.add(line.line());
            }

            @Override
            public void end() {
                seen.add("end");
            }

            @Override
            public void registered(Runnable unfollow) {
                seen.add("registered");
            }
        };
        Caller caller = new Caller(Optional.empty(), Duration.ofSeconds(60)).following(follower);
        Response.Logs logs = (Response.Logs) h.ask(new Request.Logs(A, OptionalLong.of(1), true), caller);
        LogsResult.Ok ok = (LogsResult.Ok) logs.result();
        assertEquals(List.of("hello"), ok.lines().stream().map(LogLine::line).toList(), "the tail of one line");
        assertTrue(ok.follow());
        run.append(LogLine.Stream.STDOUT, "later");
        assertEquals(List.of("registered", "later"), seen);
        // its followers end with the buffer (the container is not running: the uninstall goes ahead)
        assertInstanceOf(Response.Uninstall.class, h.ask(new Request.Uninstall(A, false)));
        assertEquals(List.of("registered", "later", "end"), seen);
        assertEquals(new Response.Logs(new LogsResult.Err(A, new ConsoleError.InvalidContainer(A))),
                h.ask(new Request.Logs(A, OptionalLong.empty(), false)));
    }

    /** The loop goes on while a mount runs on a worker: the mount is answered when its effect comes back. */
    @Test
    void aMountIsAnsweredWhenItsEffectEndsAndTheMachineAnswersMeanwhile() throws Exception {
        java.util.List<Runnable> parked = new java.util.ArrayList<>();
        Map<String, Repository> repositories = Map.of("fs", FsRepository.open("fs", fsDir, true, Capacity.UNLIMITED,
                TextNpk.LOADER));
        Harness slow = new Harness(repositories, Set.of(), dir.resolve("slow"), parked::add);
        CompletableFuture<Response> mount = slow.send(new Request.Mount(List.of(A)));
        assertFalse(mount.isDone());
        assertInstanceOf(ContainerState.Mounting.class, slow.state(A));
        assertTrue(slow.send(new Request.List()).isDone(), "list is answered while the mount runs");
        assertEquals(new Response.Umount(List.of(err(A, new ConsoleError.UmountBusy(A)))),
                slow.send(new Request.Umount(List.of(A))).join());
        parked.forEach(Runnable::run);
        slow.drain();
        assertEquals(new Response.Mount(List.of(ok(A))), mount.join());
    }

    @Test
    void umountOfANotMountedContainerIsBusy() {
        assertEquals(new Response.Umount(List.of(err(A, new ConsoleError.UmountBusy(A)))),
                h.ask(new Request.Umount(List.of(A))));
        h.ask(new Request.Mount(List.of(A)));
        assertEquals(new Response.Umount(List.of(ok(A))), h.ask(new Request.Umount(List.of(A))));
        assertEquals(List.of("mount a:1.0.0 verified", "umount a:1.0.0"), h.mounter.log);
        assertInstanceOf(ContainerState.Installed.class, h.state(A));
    }

    @Test
    void mountOnStartMountsTheRepositoriesThatAskForIt() {
        CompletableFuture<Outcome<Integer>> reply = new CompletableFuture<>();
        h.machine.handle(new Event.MountOnStart(reply));
        h.drain();
        assertEquals(Outcome.ok(2), reply.join());
        assertEquals(Set.of("mount a:1.0.0 verified", "mount shared:1.0.0 verified"), Set.copyOf(h.mounter.log));
    }

    @Test
    void installRegistersNotifiesAndRefusesDuplicates() throws Exception {
        assertEquals(Optional.empty(), install("mem", "b:1.0.0"));
        assertEquals(List.of(new Notification.Install(B)), h.notifications);
        assertEquals(Optional.of(new ConsoleError.InstallDuplicate(B)), install("fs", "b:1.0.0"));
        try (Stream<Path> files = Files.list(fsDir)) {
            assertEquals(2, files.count(), "the refused upload was removed");
        }
        assertEquals(Optional.of(new ConsoleError.Unexpected("b:1.0.0 already in repository")), install("mem", "b:1.0.0"));
        assertEquals(Optional.of(new ConsoleError.InvalidRepository("nope")), install("nope", "x:1.0.0"));
        assertEquals(1, h.notifications.size());
    }

    @Test
    void uninstallUmountsFirstAndWipesOnlyOnRequest() throws Exception {
        Files.createDirectories(dataDir.resolve("a"));
        h.ask(new Request.Mount(List.of(A)));
        assertEquals(new Response.Uninstall(ok(A)), h.ask(new Request.Uninstall(A, false)));
        assertEquals(List.of("mount a:1.0.0 verified", "umount a:1.0.0"), h.mounter.log);
        assertFalse(Files.exists(fsDir.resolve("a.npk")));
        assertTrue(Files.exists(dataDir.resolve("a")));
        assertEquals(new Response.Uninstall(err(A, new ConsoleError.InvalidContainer(A))),
                h.ask(new Request.Uninstall(A, true)));
        assertEquals(Optional.empty(), install("mem", "b:1.0.0"));
        Files.createDirectories(dataDir.resolve("b/deep"));
        assertEquals(new Response.Uninstall(ok(B)), h.ask(new Request.Uninstall(B, true)));
        assertFalse(Files.exists(dataDir.resolve("b")));
        assertEquals(List.of(new Notification.Uninstall(A), new Notification.Install(B), new Notification.Uninstall(B)),
                h.notifications);
    }

    @Test
    void wipingADotDotNameNeverLeavesTheDataDirectory() throws Exception {
        Container dots = Container.parse("..:1.0.0");
        assertEquals(Optional.empty(), install("mem", "..:1.0.0"));
        assertEquals(new Response.Uninstall(ok(dots)), h.ask(new Request.Uninstall(dots, true)));
        assertTrue(Files.isDirectory(dataDir), "data_dir/.. is not the container's data");
        assertTrue(Files.isDirectory(fsDir));
    }

    @Test
    void aLaggingSubscriberIsDropped() throws Exception {
        List<Notification> once = new java.util.ArrayList<>();
        h.machine.handle(new Event.Subscribe(n -> once.add(n) && once.size() < 1, new CompletableFuture<>()));
        install("mem", "b:1.0.0");
        h.ask(new Request.Uninstall(B, false));
        assertEquals(List.of(new Notification.Install(B)), once);
        assertEquals(2, h.notifications.size());
    }

    @Test
    void startAndKillRefusals() throws Exception {
        assertEquals(new Response.Start(err(B, new ConsoleError.InvalidContainer(B))), h.ask(Harness.start(B)));
        assertEquals(new Response.Start(err(A, new ConsoleError.InvalidArguments(ContainerStateMachine.RESERVED_ENV_CAUSE))),
                h.ask(new Request.Start(A, Optional.empty(), List.of(),
                        Map.of(NonNulString.of("NORTHSTAR_CONSOLE"), NonNulString.of("3")))));
        Container resource = Container.parse("resource-x:1.0.0");
        assertEquals(Optional.empty(), install("mem", "resource-x:1.0.0"));
        assertEquals(new Response.Start(err(resource, new ConsoleError.StartContainerResource(resource))),
                h.ask(Harness.start(resource)));
        for (int bad : new int[] {0, -1, 32, 64}) {
            assertEquals(new Response.Kill(err(A, new ConsoleError.Unexpected("EINVAL: Invalid argument"))),
                    h.ask(new Request.Kill(A, bad)));
        }
        assertEquals(new Response.Kill(err(B, new ConsoleError.InvalidContainer(B))), h.ask(new Request.Kill(B, 15)));
        assertEquals(new Response.Kill(err(A, new ConsoleError.StopContainerNotStarted(A))),
                h.ask(new Request.Kill(A, 9)));
    }

    @Test
    void anUpdateWithoutItsNpkStreamIsRefusedAndChangesNothing() {
        Response listed = h.ask(new Request.List());
        assertEquals(new Response.Update(new io.northstar.console.UpdateResult.Err(new ConsoleError.InvalidArguments(
                "update needs the NPK stream of a console connection"))),
                h.ask(new Request.Update("mem", 4096, Optional.empty())));
        assertEquals(listed, h.ask(new Request.List()));
        assertEquals(List.of(), h.notifications);
    }

    @Test
    void aPublishedNotificationReachesEverySubscriberBeforeItsReply() {
        List<Notification> seen = new ArrayList<>();
        h.machine.handle(new Event.Subscribe(seen::add, new CompletableFuture<>()));
        Notification step = new Notification.Update(io.northstar.console.UpdateStep.INSTALLED, A,
                Container.parse("a:1.0.1"));
        CompletableFuture<Void> published = new CompletableFuture<>();
        h.machine.handle(new Event.Publish(step, published));
        assertTrue(published.isDone());
        assertEquals(List.of(step), seen);
        assertEquals(List.of(step), h.notifications);
    }

    @Test
    void identIsExternOnTheGlobalConsole() {
        assertEquals(new Response.Ident(Caller.EXTERN), h.ask(new Request.Ident()));
    }

    @Test
    void shutdownUmountsEverything() {
        h.ask(new Request.Mount(List.of(A, Container.parse("shared:1.0.0"))));
        CompletableFuture<Void> done = new CompletableFuture<>();
        h.machine.handle(new Event.Shutdown(done));
        h.drain();
        assertTrue(done.isDone(), "nothing runs: the shutdown completes at once");
        assertTrue(h.machine.isShutDown());
        assertTrue(h.launcher.closed);
        assertEquals(Set.of("umount a:1.0.0", "umount shared:1.0.0"), Set.copyOf(h.mounter.log.subList(2, 4)));
    }
}
