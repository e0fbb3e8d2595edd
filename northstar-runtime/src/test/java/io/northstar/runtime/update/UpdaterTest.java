package io.northstar.runtime.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.console.ConsoleError;
import io.northstar.console.ContainerData;
import io.northstar.console.ContainerProcess;
import io.northstar.console.ContainerResult;
import io.northstar.console.ExitStatus;
import io.northstar.console.InspectResult;
import io.northstar.console.InstallResult;
import io.northstar.console.Notification;
import io.northstar.console.Request;
import io.northstar.console.Response;
import io.northstar.console.UpdateResult;
import io.northstar.console.UpdateStep;
import io.northstar.manifest.Manifest;
import io.northstar.runtime.state.LocalConsole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The update flow's decisions against a small model of the state machine (the real one is exercised by the
 * integration tests): which requests it makes, in which order, and that a version of the name is always
 * installed.
 */
class UpdaterTest {

    private static final Container OLD = Container.parse("hello:0.0.1");
    private static final Container NEW = Container.parse("hello:0.0.2");
    private static final Duration WINDOW = Duration.ofMillis(300);

    /** What a started container does in the model. */
    private sealed interface Behaviour {
        /** Runs until killed; ignores SIGTERM when stubborn. */
        record Runs(boolean stubborn) implements Behaviour {
        }

        /** Exits by itself with {@code code} after {@code afterMs}. */
        record Exits(int code, long afterMs) implements Behaviour {
        }

        /** The start request fails. */
        record FailsToStart() implements Behaviour {
        }
    }

    /** A single-threaded model of the state machine behind a {@link LocalConsole}. */
    private static final class ModelConsole implements LocalConsole {
        final ExecutorService loop = Executors.newSingleThreadExecutor();
        final Set<Container> installed = new TreeSet<>();
        final Set<Container> running = new TreeSet<>();
        final Map<Container, Behaviour> behaviours = new HashMap<>();
        final List<Consumer<Notification>> listeners = new CopyOnWriteArrayList<>();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<String> violations = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Response> request(Request request) {
            return CompletableFuture.supplyAsync(() -> decide(request), loop);
        }

        private Response decide(Request request) {
            requests.add(request.toJson().toString());
            return switch (request) {
                case Request.List list -> new Response.List(List.copyOf(installed));
                case Request.Inspect(Container c) -> new Response.Inspect(installed.contains(c)
                        ? new InspectResult.Ok(c, new ContainerData(Manifest.builder(c.name(), c.version(), 1000, 1000).build(),
                                "default", running.contains(c), running.contains(c)
                                ? Optional.of(new ContainerProcess(42, 1, Map.of())) : Optional.empty()))
                        : new InspectResult.Err(c, new ConsoleError.InvalidContainer(c)));
                case Request.Start start -> new Response.Start(start(start.container()));
                case Request.Kill(Container c, int signal) -> new Response.Kill(kill(c, signal));
                case Request.Uninstall(Container c, boolean wipe) -> {
                    if (wipe) {
                        violations.add("uninstall of " + c + " wipes the data");
                    }
                    if (running.contains(c)) {
                        yield new Response.Uninstall(new ContainerResult.Err(c, new ConsoleError.UmountBusy(c)));
                    }
                    installed.remove(c);
                    if (installed.stream().noneMatch(i -> i.name().equals(c.name()))) {
                        violations.add("no version of " + c.name() + " installed after uninstalling " + c);
                    }
                    yield new Response.Uninstall(new ContainerResult.Ok(c));
                }
                default -> throw new AssertionError("the updater has no business with " + request.toJson());
            };
        }

        private ContainerResult start(Container c) {
            if (!installed.contains(c)) {
                return new ContainerResult.Err(c, new ConsoleError.InvalidContainer(c));
            }
            if (running.stream().anyMatch(r -> r.name().equals(c.name()))) {
                violations.add("started " + c + " while " + running + " runs");
            }
            Behaviour behaviour = behaviours.getOrDefault(c, new Behaviour.Runs(false));
            if (behaviour instanceof Behaviour.FailsToStart) {
                return new ContainerResult.Err(c, new ConsoleError.StartContainerFailed(c, "exec failed"));
            }
            running.add(c);
            if (behaviour instanceof Behaviour.Exits(int code, long afterMs)) {
                CompletableFuture.delayedExecutor(afterMs, TimeUnit.MILLISECONDS, loop)
                        .execute(() -> exited(c, new ExitStatus.Exit(code)));
            }
            return new ContainerResult.Ok(c);
        }

        private ContainerResult kill(Container c, int signal) {
            if (!running.contains(c)) {
                return new ContainerResult.Err(c, new ConsoleError.StopContainerNotStarted(c));
            }
            boolean stubborn = behaviours.get(c) instanceof Behaviour.Runs(boolean s) && s;
            if (signal == 9 || !stubborn) {
                // The exit arrives after the kill's response, as from the forker.
                loop.execute(() -> exited(c, new ExitStatus.Signalled(signal)));
            }
            return new ContainerResult.Ok(c);
        }

        private void exited(Container c, ExitStatus status) {
            if (running.remove(c)) {
                listeners.forEach(l -> l.accept(new Notification.Exit(c, status)));
            }
        }

        @Override
        public AutoCloseable subscribe(Consumer<Notification> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        /** The update's steps, in the order published. */
        final List<Notification.Update> steps = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> publish(Notification notification) {
            return CompletableFuture.runAsync(() -> {
                if (notification instanceof Notification.Update step) {
                    steps.add(step);
                }
                listeners.forEach(l -> l.accept(notification));
            }, loop);
        }

        <T> T onLoop(java.util.concurrent.Callable<T> read) throws Exception {
            return loop.submit(read).get();
        }
    }

    private final class Npk implements ReceivedNpk {
        final Container container;
        boolean discarded;

        Npk(Container container) {
            this.container = container;
        }

        @Override
        public Container container() {
            return container;
        }

        @Override
        public CompletionStage<InstallResult> install() {
            return CompletableFuture.supplyAsync(() -> {
                model.requests.add("install " + container);
                model.installed.add(container);
                return new InstallResult.Ok(container);
            }, model.loop);
        }

        @Override
        public void discard() {
            discarded = true;
        }
    }

    private final ModelConsole model = new ModelConsole();
    private final List<Notification.Update> steps = model.steps;
    private final Updater updater = new Updater(model, WINDOW, Duration.ofMillis(200));

    @AfterEach
    void noViolations() {
        model.loop.shutdownNow();
        assertEquals(List.of(), model.violations);
    }

    private UpdateResult update(Container to) throws Exception {
        return updater.update(new Npk(to), Optional.empty()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void given(Set<Container> installed, Set<Container> running) throws Exception {
        model.onLoop(() -> model.installed.addAll(installed) && (running.isEmpty() || model.running.addAll(running)));
    }

    private List<UpdateStep> stepNames() {
        return steps.stream().map(Notification.Update::step).toList();
    }

    @Test
    void healthyUpdateReplacesTheRunningVersion() throws Exception {
        given(Set.of(OLD), Set.of(OLD));
        assertEquals(new UpdateResult.Updated(OLD, NEW), update(NEW));
        assertEquals(List.of(UpdateStep.INSTALLED, UpdateStep.STOPPED_OLD, UpdateStep.STARTED_NEW, UpdateStep.HEALTHY,
                UpdateStep.COMPLETED), stepNames());
        assertEquals(Set.of(NEW), model.onLoop(() -> Set.copyOf(model.installed)));
        assertEquals(Set.of(NEW), model.onLoop(() -> Set.copyOf(model.running)));
        assertTrue(steps.stream().allMatch(s -> s.from().equals(OLD) && s.to().equals(NEW) && s.reason().isEmpty()));
    }

    @Test
    void exitWithNonZeroWithinTheWindowRollsBack() throws Exception {
        given(Set.of(OLD), Set.of(OLD));
        model.behaviours.put(NEW, new Behaviour.Exits(1, 20));
        UpdateResult result = update(NEW);
        UpdateResult.RolledBack back = assertInstanceOf(UpdateResult.RolledBack.class, result);
        assertTrue(back.reason().contains("exited with {\"exit\":{\"code\":1}} within the health window of 300 ms"),
                back.reason());
        assertEquals(List.of(UpdateStep.INSTALLED, UpdateStep.STOPPED_OLD, UpdateStep.STARTED_NEW,
                UpdateStep.ROLLING_BACK, UpdateStep.ROLLED_BACK), stepNames());
        assertEquals(Set.of(OLD), model.onLoop(() -> Set.copyOf(model.installed)));
        assertEquals(Set.of(OLD), model.onLoop(() -> Set.copyOf(model.running)));
        // The old one was running again before the new one was uninstalled.
        List<String> order = model.requests;
        int restart = indexOf(order, "{\"start\":{\"container\":\"hello:0.0.1\"");
        int uninstall = indexOf(order, "{\"uninstall\":{\"container\":\"hello:0.0.2\"");
        assertTrue(restart >= 0 && restart < uninstall, order.toString());
    }

    @Test
    void exitWithZeroWithinTheWindowIsHealthy() throws Exception {
        given(Set.of(OLD), Set.of(OLD));
        model.behaviours.put(NEW, new Behaviour.Exits(0, 20));
        assertEquals(new UpdateResult.Updated(OLD, NEW), update(NEW));
        assertEquals(Set.of(NEW), model.onLoop(() -> Set.copyOf(model.installed)));
    }

    @Test
    void failedStartRollsBack() throws Exception {
        given(Set.of(OLD), Set.of(OLD));
        model.behaviours.put(NEW, new Behaviour.FailsToStart());
        UpdateResult.RolledBack back = assertInstanceOf(UpdateResult.RolledBack.class, update(NEW));
        assertTrue(back.reason().startsWith("starting hello:0.0.2 failed"), back.reason());
        assertEquals(List.of(UpdateStep.INSTALLED, UpdateStep.STOPPED_OLD, UpdateStep.ROLLING_BACK,
                UpdateStep.ROLLED_BACK), stepNames());
        assertEquals(Set.of(OLD), model.onLoop(() -> Set.copyOf(model.running)));
        assertEquals(Set.of(OLD), model.onLoop(() -> Set.copyOf(model.installed)));
    }

    @Test
    void stoppedContainerIsReplacedWithoutStarting() throws Exception {
        given(Set.of(OLD), Set.of());
        assertEquals(new UpdateResult.Updated(OLD, NEW), update(NEW));
        assertEquals(List.of(UpdateStep.INSTALLED, UpdateStep.COMPLETED), stepNames());
        assertEquals(Set.of(NEW), model.onLoop(() -> Set.copyOf(model.installed)));
        assertTrue(model.onLoop(() -> model.running.isEmpty()));
        assertTrue(model.requests.stream().noneMatch(r -> r.startsWith("{\"start\"")), model.requests.toString());
    }

    @Test
    void stubbornOldVersionGetsSigkill() throws Exception {
        given(Set.of(OLD), Set.of(OLD));
        model.behaviours.put(OLD, new Behaviour.Runs(true));
        assertEquals(new UpdateResult.Updated(OLD, NEW), update(NEW));
        assertTrue(model.requests.contains("{\"kill\":{\"container\":\"hello:0.0.1\",\"signal\":9}}"),
                model.requests.toString());
    }

    @Test
    void refusalsChangeNothing() throws Exception {
        given(Set.of(NEW), Set.of());
        for (Container to : List.of(Container.parse("other:1.0.0"), NEW, OLD)) {
            Npk npk = new Npk(to);
            UpdateResult result = updater.update(npk, Optional.empty()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            UpdateResult.Err err = assertInstanceOf(UpdateResult.Err.class, result);
            assertInstanceOf(ConsoleError.InvalidArguments.class, err.error());
            assertTrue(npk.discarded, to.toString());
        }
        assertEquals(Set.of(NEW), model.onLoop(() -> Set.copyOf(model.installed)));
        assertEquals(List.of(), steps);
        String causes = model.requests.toString();
        assertFalse(causes.contains("install "), causes);
    }

    @Test
    void healthWindowOutOfRangeIsRefused() throws Exception {
        given(Set.of(OLD), Set.of());
        Npk npk = new Npk(NEW);
        UpdateResult result = updater.update(npk, Optional.of(Duration.ofMillis(-1))).toCompletableFuture().get();
        assertInstanceOf(UpdateResult.Err.class, result);
        assertTrue(npk.discarded);
        assertEquals(Set.of(OLD), model.onLoop(() -> Set.copyOf(model.installed)));
    }

    @Test
    void secondUpdateOfTheSameNameWhileOneRunsIsRefused() throws Exception {
        given(Set.of(OLD), Set.of(OLD));
        CompletableFuture<UpdateResult> first = updater.update(new Npk(NEW), Optional.empty()).toCompletableFuture();
        Npk second = new Npk(Container.parse("hello:0.0.3"));
        UpdateResult refused = updater.update(second, Optional.empty()).toCompletableFuture().get();
        assertInstanceOf(UpdateResult.Err.class, refused);
        assertTrue(second.discarded);
        assertEquals(new UpdateResult.Updated(OLD, NEW), first.get(10, TimeUnit.SECONDS));
    }

    private static int indexOf(List<String> requests, String prefix) {
        List<String> copy = new ArrayList<>(requests);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
