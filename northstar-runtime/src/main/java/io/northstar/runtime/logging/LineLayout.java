package io.northstar.runtime.logging;

import io.northstar.common.EscapedText;
import io.northstar.runtime.systemd.JournalPriority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * The layout of a log line, chosen by where stdout goes: when stdout is the journal
 * ({@code JOURNAL_STREAM} names stdout's device and inode, as systemd.exec(5) says to check)
 * journald adds the time itself, so lines carry none and each starts with its sd-daemon priority
 * ({@code <6>INFO  Daemon: …}, see {@link JournalPriority}); otherwise the local time first
 * ({@code 12:00:00.000 INFO  Daemon: …}), with colours only when stdout is a terminal. The logger
 * is named by the last part of its name; the message (arguments filled in) and a logged exception
 * are escaped ({@link io.northstar.common.EscapedText}) so that no outside text can forge a line.
 */
public enum LineLayout {
    JOURNAL,
    TIMESTAMPED,
    COLOURED;

    private static final String RESET = "\u001b[0;39m";

    /** The layout for this process's stdout. */
    public static LineLayout forStdout() {
        return of(stdoutIsJournal(System.getenv("JOURNAL_STREAM")), System.console() != null);
    }

    static LineLayout of(boolean journal, boolean terminal) {
        if (journal) {
            return JOURNAL;
        }
        return terminal ? COLOURED : TIMESTAMPED;
    }

    /** True if {@code journalStream} ({@code <dev>:<inode>}) is the file that stdout is. */
    static boolean stdoutIsJournal(String journalStream) {
        if (journalStream == null) {
            return false;
        }
        String[] parts = journalStream.trim().split(":");
        try {
            Map<String, Object> stdout = Files.readAttributes(Path.of("/proc/self/fd/1"), "unix:dev,ino");
            return parts.length == 2 && Long.parseLong(parts[0]) == ((Number) stdout.get("dev")).longValue()
                    && Long.parseLong(parts[1]) == ((Number) stdout.get("ino")).longValue();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The event's line, ending in a line feed, followed by the lines of its exception if any. */
    public String format(LogEvent event) {
        StringBuilder b = new StringBuilder(128);
        String level = padded(event.level());
        String logger = event.logger().substring(event.logger().lastIndexOf('.') + 1);
        switch (this) {
            case JOURNAL -> b.append(JournalPriority.prefix(event.level())).append(level).append(' ').append(logger);
            case TIMESTAMPED -> time(b, event.epochMillis()).append(' ').append(level).append(' ').append(logger);
            case COLOURED -> time(b, event.epochMillis())
                    .append(" \u001b[").append(colour(event.level())).append('m').append(level).append(RESET)
                    .append(" \u001b[36m").append(logger).append(RESET);
        }
        b.append(": ").append(EscapedText.escape(event.message())).append('\n');
        if (event.thrown() != null) {
            StackTrace.append(b, event.thrown());
        }
        return b.toString();
    }

    private static String padded(Level level) {
        return switch (level) {
            case ERROR -> "ERROR";
            case WARN -> "WARN ";
            case INFO -> "INFO ";
            case DEBUG -> "DEBUG";
            case TRACE -> "TRACE";
        };
    }

    /** ANSI colours as before: errors bold red, warnings red, info blue, the rest the default. */
    private static String colour(Level level) {
        return switch (level) {
            case ERROR -> "1;31";
            case WARN -> "31";
            case INFO -> "34";
            case DEBUG, TRACE -> "39";
        };
    }

    private static StringBuilder time(StringBuilder b, long epochMillis) {
        LocalTime t = LocalTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault());
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond()).append('.');
        int millis = t.getNano() / 1_000_000;
        return b.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
    }

    private static StringBuilder two(StringBuilder b, int value) {
        return b.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
