package io.northstar.runtime.state;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.console.Notification;
import io.northstar.console.Request;
import io.northstar.console.Response;
import io.northstar.manifest.Manifest;
import io.northstar.runtime.logs.ContainerLogs;
import io.northstar.runtime.logs.LogLimits;
import io.northstar.runtime.cgroups.MemoryEvent;
import io.northstar.runtime.fork.ForkerEvent;
import io.northstar.runtime.fork.Pid;
import io.northstar.runtime.repository.Repository;
import io.northstar.runtime.repository.StoredNpk;
import io.northstar.runtime.sandbox.StartArguments;
import io.northstar.runtime.token.TokenAuthority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A state machine without a kernel, driven as its loop would drive it: effects run at once on the test's thread
 * (unless the test gives its own workers), the events they post are handled in order by {@link #drain()}, and the
 * forker is a launcher that records what it is asked; the test plays the forker's reports.
 */
final class Harness {

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

    /** Records launches and signals. */
    static final class RecordingLauncher implements Launcher {
        record Launch(Manifest manifest, StartArguments start, Map<Name, Container> resources, List<String> log)
                implements Launched {
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
            Launch launch = new Launch(manifest, start, Map.copyOf(resources), log);
            launches.add(launch);
            memory.put(manifest.container(), memoryEvents);
            log.add("launch " + manifest.container());
            return launch;
        }

        @Override
        public void kill(Pid pid, int signal) {
            log.add("kill " + pid + " " + signal);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final Deque<Event> posted = new ArrayDeque<>();
    final List<Notification> notifications = new ArrayList<>();
    final List<String> fatal = new ArrayList<>();
    final RecordingMounter mounter = new RecordingMounter();
    final RecordingLauncher launcher = new RecordingLauncher();
    /** The kept output the machine reads for logs requests; a test appends lines as a launch's pumps would. */
    final ContainerLogs logs = new ContainerLogs(LogLimits.DEFAULTS);
    final ContainerStateMachine machine;

    Harness(Map<String, Repository> repositories, Set<String> mountOnStart, Path dir) {
        this(repositories, mountOnStart, dir, Runnable::run);
    }

    Harness(Map<String, Repository> repositories, Set<String> mountOnStart, Path dir, Executor workers) {
        machine = new ContainerStateMachine(new ContainerStateMachine.Setup(repositories, mountOnStart,
                dir.resolve("run"), dir.resolve("data"), mounter, launcher, TokenAuthority.create(), logs, this::post,
                fatal::add, Duration.ofSeconds(5), workers));
        machine.handle(new Event.Subscribe(notifications::add, new CompletableFuture<>()));
    }

    private synchronized void post(Event event) {
        posted.add(event);
    }

    /** Handles what was posted, in order, until nothing is left. */
    void drain() {
        Event next;
        while ((next = poll()) != null) {
            machine.handle(next);
        }
    }

    private synchronized Event poll() {
        return posted.poll();
    }

    /** Hands the request to the machine without handling what it posts. */
    CompletableFuture<Response> send(Request request) {
        return send(request, new Caller(Optional.empty(), Duration.ofSeconds(60)));
    }

    CompletableFuture<Response> send(Request request, Caller caller) {
        CompletableFuture<Response> reply = new CompletableFuture<>();
        machine.handle(new Event.Console(request, caller, reply));
        return reply;
    }

    /** Sends the request, drains, and returns the answer, which must be there. */
    Response ask(Request request) {
        return ask(request, new Caller(Optional.empty(), Duration.ofSeconds(60)));
    }

    /** As {@link #ask(Request)}, from {@code caller}. */
    Response ask(Request request, Caller caller) {
        CompletableFuture<Response> reply = send(request, caller);
        drain();
        assertTrue(reply.isDone(), "answered: " + request);
        return reply.join();
    }

    void forker(ForkerEvent event) {
        machine.handle(new Event.Forker(event));
        drain();
    }

    ContainerState state(Container container) {
        return machine.state(container).orElseThrow();
    }

    static Request.Start start(Container container) {
        return new Request.Start(container, Optional.empty(), List.of(), Map.of());
    }
}
