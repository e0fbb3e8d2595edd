package io.northstar.runtime.logs;

import io.northstar.console.LogLine;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The kept output of one container (docs/runtime.md, "Container logs"): the newest lines of its current
 * or last run within {@link LogLimits}, and who follows the current run. The lines of a run stay after
 * the exit, until the next start replaces them or the container is uninstalled. Two pump threads append,
 * the event loop reads: everything under this object's lock, so a read and a follow start at the same
 * line and no line is seen twice or missed.
 */
final class LogBuffer {

    private record Kept(LogLine line, long bytes) {
    }

    private final LogLimits limits;
    private final Clock clock;
    private final ArrayDeque<Kept> lines = new ArrayDeque<>();
    private final List<LogFollower> followers = new ArrayList<>();
    private long bytes;
    private long generation;
    private boolean running;

    LogBuffer(LogLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** A new run: the previous run's lines go, followers of it (none should be left) end. */
    synchronized LogRun begin() {
        reset(true);
        return new LogRun(this, generation, clock);
    }

    synchronized void append(long run, LogLine line) {
        if (run != generation || !running) {
            return;
        }
        for (LogFollower follower : followers) {
            follower.line(line);
        }
        long size = utf8Length(line.line());
        if (limits.maxLines() == 0 || size > limits.maxBytes()) {
            // Kept alone it would break the byte bound: followers had it, the buffer does not.
            return;
        }
        lines.addLast(new Kept(line, size));
        bytes += size;
        while (lines.size() > limits.maxLines() || bytes > limits.maxBytes()) {
            bytes -= lines.removeFirst().bytes();
        }
    }

    synchronized void end(long run) {
        if (run == generation && running) {
            running = false;
            endFollowers();
        }
    }

    /**
     * The last {@code tail} kept lines (all when empty) and, if {@code follower} is given and a run is in
     * progress, the follower registered for the lines after them.
     */
    synchronized LogRead read(OptionalLong tail, Optional<LogFollower> follower) {
        int skip = tail.isPresent() ? (int) Math.max(0, lines.size() - Math.min(tail.getAsLong(), lines.size())) : 0;
        List<LogLine> out = new ArrayList<>(lines.size() - skip);
        Iterator<Kept> it = lines.iterator();
        for (int i = 0; it.hasNext(); i++) {
            Kept kept = it.next();
            if (i >= skip) {
                out.add(kept.line());
            }
        }
        if (follower.isEmpty() || !running) {
            return new LogRead(out, Optional.empty());
        }
        LogFollower f = follower.get();
        followers.add(f);
        return new LogRead(out, Optional.of(() -> unfollow(f)));
    }

    private synchronized void unfollow(LogFollower follower) {
        followers.remove(follower);
    }

    /** The container was uninstalled: lines go, followers end, runs still pumping add nothing. */
    synchronized void close() {
        reset(false);
    }

    /** Drops the lines and ends the followers; a new generation starts, so appends of older runs are ignored. */
    private void reset(boolean running) {
        endFollowers();
        lines.clear();
        bytes = 0;
        generation++;
        this.running = running;
    }

    synchronized int followerCount() {
        return followers.size();
    }

    synchronized long keptBytes() {
        return bytes;
    }

    private void endFollowers() {
        List<LogFollower> ending = List.copyOf(followers);
        followers.clear();
        ending.forEach(LogFollower::end);
    }

    /** The bytes the container wrote for {@code text} (its decoding replaced invalid input, so this is close). */
    static long utf8Length(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
