package io.northstar.runtime.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLoopTest {

    @TempDir
    Path dir;

    @Test
    void answersEventsAndAbandonsWhatComesAfterTheShutdown() throws Exception {
        ContainerStateMachine machine = new ContainerStateMachine(Map.of(), Set.of(), dir.resolve("run"),
                dir.resolve("data"), new ContainerStateMachineTest.RecordingMounter());
        EventLoop loop = new EventLoop(machine, 4);
        loop.start();
        CompletableFuture<List<Container>> list = new CompletableFuture<>();
        loop.post(new Event.ListContainers(list));
        assertEquals(List.of(), list.get(10, TimeUnit.SECONDS));

        CompletableFuture<Void> shutdown = new CompletableFuture<>();
        loop.post(new Event.Shutdown(shutdown));
        shutdown.get(10, TimeUnit.SECONDS);
        loop.terminated().get(10, TimeUnit.SECONDS);

        CompletableFuture<List<String>> late = new CompletableFuture<>();
        loop.post(new Event.ListRepositories(late));
        ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof Event.Abandoned);
    }

    @Test
    void anErrorInAnEventEndsTheLoopAndReportsItsDeath() throws Exception {
        Path fs = java.nio.file.Files.createDirectories(dir.resolve("fs"));
        java.nio.file.Files.writeString(fs.resolve("a.npk"), "a:1.0.0");
        ContainerStateMachine machine = new ContainerStateMachine(
                Map.of("fs", io.northstar.runtime.repository.FsRepository.open("fs", fs, false,
                        io.northstar.runtime.repository.Capacity.UNLIMITED, io.northstar.runtime.repository.TextNpk.LOADER)),
                Set.of(), dir.resolve("run"), dir.resolve("data"), new ContainerStateMachineTest.RecordingMounter());
        EventLoop loop = new EventLoop(machine, 4);
        CompletableFuture<Throwable> died = new CompletableFuture<>();
        loop.onDeath(died::complete);
        loop.start();
        // A subscriber is called on the loop thread: an Error there is not one request's failure.
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        loop.post(new Event.Subscribe(n -> {
            throw new StackOverflowError("injected");
        }, subscribed));
        subscribed.get(10, TimeUnit.SECONDS);
        loop.post(new Event.Uninstall(Container.parse("a:1.0.0"), false, new CompletableFuture<>()));
        assertEquals("injected", died.get(10, TimeUnit.SECONDS).getMessage());
        ExecutionException e = assertThrows(ExecutionException.class, () -> loop.terminated().get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof StackOverflowError);
        CompletableFuture<List<Container>> late = new CompletableFuture<>();
        loop.post(new Event.ListContainers(late));
        e = assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof Event.Abandoned, "a dead loop answers nothing: " + e.getCause());
    }

    @Test
    void theHeartbeatComesFromTheLoopThread() throws Exception {
        ContainerStateMachine machine = new ContainerStateMachine(Map.of(), Set.of(), dir.resolve("run"),
                dir.resolve("data"), new ContainerStateMachineTest.RecordingMounter());
        EventLoop loop = new EventLoop(machine, 4);
        java.util.concurrent.CountDownLatch beats = new java.util.concurrent.CountDownLatch(5);
        java.util.concurrent.atomic.AtomicBoolean onLoop = new java.util.concurrent.atomic.AtomicBoolean(true);
        loop.heartbeat(java.time.Duration.ofMillis(20), () -> {
            onLoop.compareAndSet(true, loop.isLoopThread());
            beats.countDown();
        });
        loop.start();
        assertTrue(beats.await(10, TimeUnit.SECONDS), "beats while idle");
        assertTrue(onLoop.get());
        CompletableFuture<Void> shutdown = new CompletableFuture<>();
        loop.post(new Event.Shutdown(shutdown));
        shutdown.get(10, TimeUnit.SECONDS);
    }
}
