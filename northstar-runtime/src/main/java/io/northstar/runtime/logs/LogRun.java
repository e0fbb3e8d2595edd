package io.northstar.runtime.logs;

import io.northstar.console.LogLine;
import java.time.Clock;

/**
 * One start of a container as its output pumps see it: lines go into the container's buffer until
 * {@link #end()}. A run that is no longer the buffer's current one (the container started again, or was
 * uninstalled) adds nothing.
 */
public final class LogRun {

    private final LogBuffer buffer;
    private final long generation;
    private final Clock clock;

    LogRun(LogBuffer buffer, long generation, Clock clock) {
        this.buffer = buffer;
        this.generation = generation;
        this.clock = clock;
    }

    /** A line the container wrote to {@code stream}, stamped now. Any thread. */
    public void append(LogLine.Stream stream, String text) {
        buffer.append(generation, new LogLine(clock.instant(), stream, text));
    }

    /** All output of the run has been read: followers get their end. Idempotent. */
    public void end() {
        buffer.end(generation);
    }
}
