package io.northstar.runtime.systemd;

import org.slf4j.event.Level;

/**
 * The sd-daemon(3) priority prefix of a log line ({@code <3>} error, {@code <4>} warning,
 * {@code <6>} info, {@code <7>} debug): journald reads it from the runtime's stdout
 * ({@code SyslogLevelPrefix=}, on by default) and stores the line with that priority, so
 * {@code journalctl -p warning -u northstar} shows warnings and errors. Written only when stdout
 * is the journal (see io.northstar.runtime.logging.LineLayout).
 */
public final class JournalPriority {

    private JournalPriority() {
    }

    public static String prefix(Level level) {
        return switch (level) {
            case ERROR -> "<3>";
            case WARN -> "<4>";
            case INFO -> "<6>";
            case DEBUG, TRACE -> "<7>";
        };
    }
}
