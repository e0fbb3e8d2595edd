package io.northstar.runtime.logs;

import io.northstar.common.Container;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The kept output of every container (docs/runtime.md, "Container logs"): a {@link LogBuffer} per
 * container that has been started since it was installed or since the runtime started. The launcher
 * begins a run per start, the state machine reads for the console and removes a container's buffer
 * when it is uninstalled.
 */
public final class ContainerLogs {

    private final LogLimits limits;
    private final Clock clock;
    private final ConcurrentMap<Container, LogBuffer> buffers = new ConcurrentHashMap<>();

    public ContainerLogs(LogLimits limits) {
        this(limits, Clock.systemUTC());
    }

    ContainerLogs(LogLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** A start of {@code container}: the previous run's lines are dropped. */
    public LogRun begin(Container container) {
        return buffers.computeIfAbsent(container, c -> new LogBuffer(limits, clock)).begin();
    }

    /** See {@link LogBuffer#read}; a container never started has no lines and nothing to follow. */
    public LogRead read(Container container, OptionalLong tail, Optional<LogFollower> follower) {
        LogBuffer buffer = buffers.get(container);
        return buffer == null ? new LogRead(List.of(), Optional.empty()) : buffer.read(tail, follower);
    }

    /** {@code container} was uninstalled: its lines go and its followers end. */
    public void remove(Container container) {
        LogBuffer buffer = buffers.remove(container);
        if (buffer != null) {
            buffer.close();
        }
    }

    /** Followers registered for {@code container} (tests; a finished follow must leave none). */
    public int followers(Container container) {
        LogBuffer buffer = buffers.get(container);
        return buffer == null ? 0 : buffer.followerCount();
    }
}
