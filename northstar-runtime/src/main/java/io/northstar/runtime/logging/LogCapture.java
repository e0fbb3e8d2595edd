package io.northstar.runtime.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The events of one logger and the loggers below it, kept in memory while the capture is open (a
 * test reads what the daemon logged through it); the events still reach stdout.
 */
public final class LogCapture implements AutoCloseable {

    private static final List<LogCapture> OPEN = new CopyOnWriteArrayList<>();

    private final String logger;
    private final List<LogEvent> events = new ArrayList<>();

    private LogCapture(String logger) {
        this.logger = logger;
    }

    /** Captures what {@code logger} and the loggers below it write from now until {@link #close()}. */
    public static LogCapture of(String logger) {
        LogCapture capture = new LogCapture(logger);
        OPEN.add(capture);
        return capture;
    }

    static void offer(LogEvent event) {
        for (LogCapture capture : OPEN) {
            if (event.logger().equals(capture.logger) || event.logger().startsWith(capture.logger + ".")) {
                synchronized (capture.events) {
                    capture.events.add(event);
                }
            }
        }
    }

    /** The events captured so far, oldest first. */
    public List<LogEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    @Override
    public void close() {
        OPEN.remove(this);
    }
}
