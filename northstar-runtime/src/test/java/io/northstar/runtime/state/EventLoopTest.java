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
}
