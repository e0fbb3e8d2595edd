package io.northstar.runtime.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.console.Request;
import io.northstar.console.Response;
import io.northstar.runtime.logs.ContainerLogs;
import io.northstar.runtime.logs.LogLimits;
import io.northstar.runtime.repository.Capacity;
import io.northstar.runtime.repository.FsRepository;
import io.northstar.runtime.repository.Repository;
import io.northstar.runtime.repository.TextNpk;
import io.northstar.runtime.token.TokenAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLoopTest {

    @TempDir
    Path dir;

    private static final Caller EXTERN = new Caller(Optional.empty(), Duration.ofSeconds(60));

    private ContainerStateMachine machine(EventLoop loop, Map<String, Repository> repositories) {
        return new ContainerStateMachine(new ContainerStateMachine.Setup(repositories, Set.of(), dir.resolve("run"),
                dir.resolve("data"), new Harness.RecordingMounter(), new Harness.RecordingLauncher(),
                TokenAuthority.create(), new ContainerLogs(LogLimits.DEFAULTS), loop::post, reason -> { }, Duration.ofSeconds(5),
                ContainerStateMachine.workerPool()));
    }

    @Test
    void answersEventsAndAbandonsWhatComesAfterTheShutdown() throws Exception {
        EventLoop loop = new EventLoop(4);
        CompletableFuture<Response> list = new CompletableFuture<>();
        loop.post(new Event.Console(new Request.List(), EXTERN, list));
        loop.start(machine(loop, Map.of()));
        assertEquals(new Response.List(List.of()), list.get(10, TimeUnit.SECONDS), "posted before the start");

        CompletableFuture<Void> shutdown = new CompletableFuture<>();
        loop.post(new Event.Shutdown(shutdown));
        shutdown.get(10, TimeUnit.SECONDS);
        loop.terminated().get(10, TimeUnit.SECONDS);

        CompletableFuture<Response> late = new CompletableFuture<>();
        loop.post(new Event.Console(new Request.Repositories(), EXTERN, late));
        ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof Event.Abandoned);
    }

    @Test
    void aLocalConsoleIsAnsweredAndNotifiedLikeAClient() throws Exception {
        Path fs = Files.createDirectories(dir.resolve("fs"));
        Files.writeString(fs.resolve("a.npk"), "a:1.0.0");
        EventLoop loop = new EventLoop(4);
        loop.start(machine(loop, Map.of("fs", FsRepository.open("fs", fs, false, Capacity.UNLIMITED,
                TextNpk.LOADER))));
        LocalConsole console = new LoopConsole(loop, Duration.ofSeconds(60), () -> { });
        CompletableFuture<io.northstar.console.Notification> notified = new CompletableFuture<>();
        try (AutoCloseable subscription = console.subscribe(notified::complete)) {
            Container a = Container.parse("a:1.0.0");
            assertEquals(new Response.Ident(Caller.EXTERN), console.request(new Request.Ident()).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS));
            assertEquals(new Response.Uninstall(new io.northstar.console.ContainerResult.Ok(a)),
                    console.request(new Request.Uninstall(a, false)).toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertEquals(new io.northstar.console.Notification.Uninstall(a), notified.get(10, TimeUnit.SECONDS));
        }
        // What the console publishes reaches its own listeners as the machine's notifications do.
        CompletableFuture<io.northstar.console.Notification> heard = new CompletableFuture<>();
        io.northstar.console.Notification step = new io.northstar.console.Notification.Update(
                io.northstar.console.UpdateStep.COMPLETED, Container.parse("a:1.0.0"), Container.parse("a:1.0.1"));
        try (AutoCloseable subscription = console.subscribe(heard::complete)) {
            console.publish(step).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(heard.isDone(), "queued to the listener before the publish completes");
            assertEquals(step, heard.get());
        }
        CompletableFuture<Void> shutdown = new CompletableFuture<>();
        loop.post(new Event.Shutdown(shutdown));
        shutdown.get(10, TimeUnit.SECONDS);
    }

    @Test
    void anErrorInAnEventEndsTheLoopAndReportsItsDeath() throws Exception {
        Path fs = Files.createDirectories(dir.resolve("fs"));
        Files.writeString(fs.resolve("a.npk"), "a:1.0.0");
        EventLoop loop = new EventLoop(4);
        CompletableFuture<Throwable> died = new CompletableFuture<>();
        loop.onDeath(died::complete);
        loop.start(machine(loop, Map.of("fs", FsRepository.open("fs", fs, false, Capacity.UNLIMITED,
                TextNpk.LOADER))));
        // A subscriber is called on the loop thread: an Error there is not one request's failure.
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        loop.post(new Event.Subscribe(n -> {
            throw new StackOverflowError("injected");
        }, subscribed));
        subscribed.get(10, TimeUnit.SECONDS);
        loop.post(new Event.Console(new Request.Uninstall(Container.parse("a:1.0.0"), false), EXTERN,
                new CompletableFuture<>()));
        assertEquals("injected", died.get(10, TimeUnit.SECONDS).getMessage());
        ExecutionException e = assertThrows(ExecutionException.class, () -> loop.terminated().get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof StackOverflowError);
        CompletableFuture<Response> late = new CompletableFuture<>();
        loop.post(new Event.Console(new Request.List(), EXTERN, late));
        e = assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof Event.Abandoned, "a dead loop answers nothing: " + e.getCause());
    }

    @Test
    void theHeartbeatComesFromTheLoopThread() throws Exception {
        EventLoop loop = new EventLoop(4);
        java.util.concurrent.CountDownLatch beats = new java.util.concurrent.CountDownLatch(5);
        java.util.concurrent.atomic.AtomicBoolean onLoop = new java.util.concurrent.atomic.AtomicBoolean(true);
        loop.heartbeat(Duration.ofMillis(20), () -> {
            onLoop.compareAndSet(true, loop.isLoopThread());
            beats.countDown();
        });
        loop.start(machine(loop, Map.of()));
        assertTrue(beats.await(10, TimeUnit.SECONDS), "beats while idle");
        assertTrue(onLoop.get());
        CompletableFuture<Void> shutdown = new CompletableFuture<>();
        loop.post(new Event.Shutdown(shutdown));
        shutdown.get(10, TimeUnit.SECONDS);
    }
}
