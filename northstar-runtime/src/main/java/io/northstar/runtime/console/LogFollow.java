package io.northstar.runtime.console;

import io.northstar.common.Container;
import io.northstar.console.ConsoleCodec;
import io.northstar.console.LogLine;
import io.northstar.console.Notification;
import io.northstar.runtime.logs.LogFollower;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection following one container's output (docs/protocol.md, "Container logs"). Lines become
 * {@code log} notifications in the connection's outbox, the end one {@code log_end}. Until the response
 * to the logs request is queued, lines wait here (at most {@code pendingLines} lines and
 * {@code pendingChars} characters), so the response comes first. A line the outbox refuses (the client reads too slowly) is dropped and counted; the count goes
 * out with the next line that fits, or with the end: the follower skips, the connection stays.
 */
final class LogFollow implements LogFollower {

    /** Where the lines go: the connection's outbox. */
    interface Sink {
        /** Queues a log line if there is room; false if it was dropped. */
        boolean line(byte[] line);

        /** Queues the end; a client that does not read even that is the connection's to close. */
        void end(byte[] line);
    }

    private final Container container;
    private final ConsoleCodec codec;
    private final Sink sink;
    private final int pendingLines;
    private final long pendingChars;
    /** Lines before {@link #start}; null once started. */
    private List<LogLine> pending = new ArrayList<>();
    private long pendingSize;
    private long skipped;
    private boolean ended;
    private boolean endSent;
    private Runnable unfollow = () -> {
    };

    LogFollow(Container container, ConsoleCodec codec, Sink sink, int pendingLines, long pendingChars) {
        this.container = container;
        this.codec = codec;
        this.sink = sink;
        this.pendingLines = pendingLines;
        this.pendingChars = pendingChars;
    }

    Container container() {
        return container;
    }

    @Override
    public synchronized void line(LogLine line) {
        if (ended) {
            return;
        }
        if (pending != null) {
            // After the first skipped line all are: the count must stand right before the next line sent.
            if (skipped == 0 && pending.size() < pendingLines && pendingSize + line.line().length() <= pendingChars) {
                pending.add(line);
                pendingSize += line.line().length();
            } else {
                skipped++;
            }
            return;
        }
        queue(line);
    }

    @Override
    public synchronized void end() {
        ended = true;
        if (pending == null) {
            sendEnd();
        }
    }

    @Override
    public synchronized void registered(Runnable unfollow) {
        this.unfollow = unfollow;
    }

    /** The response is queued: what waited goes out, and from now on every line. */
    synchronized void start() {
        List<LogLine> waiting = pending;
        pending = null;
        // Lines dropped while waiting came after the waiting ones: their count goes with the next line.
        long droppedAfter = skipped;
        skipped = 0;
        waiting.forEach(this::queue);
        skipped += droppedAfter;
        if (ended) {
            sendEnd();
        }
    }

    /** Ends the follow from the connection's side (closed, or replaced by another follow). */
    void stop() {
        Runnable release;
        synchronized (this) {
            release = unfollow;
            ended = true;
            if (pending == null) {
                sendEnd();
            }
        }
        // Outside this lock: the buffer calls line() with its own lock held.
        release.run();
    }

    synchronized boolean ended() {
        return ended;
    }

    private void queue(LogLine line) {
        if (sink.line(codec.encodeLine(new Notification.Log(container, line, skipped)))) {
            skipped = 0;
        } else {
            skipped++;
        }
    }

    private void sendEnd() {
        if (!endSent) {
            endSent = true;
            sink.end(codec.encodeLine(new Notification.LogEnd(container, skipped)));
        }
    }
}
