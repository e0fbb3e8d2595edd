package io.northstar.runtime.fork;

import io.northstar.console.ExitStatus;
import io.northstar.runtime.sys.SyscallException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The forker's event stream turned into futures a test can wait on: per request id, per pid, and its end. */
class ForkerEvents implements Consumer<ForkerEvent> {

    private final Map<Integer, CompletableFuture<Pid>> starts = new ConcurrentHashMap<>();
    private final Map<Integer, CompletableFuture<Void>> kills = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<ExitStatus>> exits = new ConcurrentHashMap<>();
    final CompletableFuture<String> gone = new CompletableFuture<>();
    final java.util.List<String> rejected = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void accept(ForkerEvent event) {
        switch (event) {
            case ForkerEvent.Started s -> started(s.request()).complete(s.pid());
            case ForkerEvent.Failed f -> started(f.request()).completeExceptionally(f.cause());
            case ForkerEvent.KillResult k -> {
                if (k.errno() == 0) {
                    killed(k.request()).complete(null);
                } else {
                    killed(k.request()).completeExceptionally(new SyscallException("kill process group of "
                            + k.pid(), k.errno()));
                }
            }
            case ForkerEvent.Exited x -> exitOf(x.pid()).complete(x.status());
            case ForkerEvent.Rejected r -> rejected.add(r.message());
            case ForkerEvent.Gone g -> gone.complete(g.reason());
        }
    }

    /** The answer to start request {@code id}. */
    CompletableFuture<Pid> started(int id) {
        return starts.computeIfAbsent(id, i -> new CompletableFuture<>());
    }

    /** The answer to kill request {@code id}. */
    CompletableFuture<Void> killed(int id) {
        return kills.computeIfAbsent(id, i -> new CompletableFuture<>());
    }

    CompletableFuture<ExitStatus> exitOf(Pid pid) {
        return exits.computeIfAbsent((long) pid.value(), p -> new CompletableFuture<>());
    }
}
