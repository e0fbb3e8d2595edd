package io.northstar.runtime;

import ch.qos.logback.core.PropertyDefinerBase;

/**
 * Chooses the log line layout: when stdout is the journal (JOURNAL_STREAM names stdout's device
 * and inode, as systemd.exec(5) says to check) journald adds the time itself, so lines carry none,
 * and each starts with its sd-daemon priority prefix ({@code <3>}..{@code <7>}, see
 * io.northstar.runtime.systemd.JournalPriority); colours only when stdout is a terminal. Every
 * pattern names {@code %ex} itself: logback would otherwise append its own stack trace converter,
 * which does not escape.
 */
public final class LogPatternDefiner extends PropertyDefinerBase {

    static final String PLAIN = "%priority%-5level %logger{0}: %msg%n%ex";
    static final String TIMESTAMPED = "%d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n%ex";
    static final String COLOURED = "%d{HH:mm:ss.SSS} %highlight(%-5level) %cyan(%logger{0}): %msg%n%ex";

    @Override
    public String getPropertyValue() {
        return pattern(stdoutIsJournal(System.getenv("JOURNAL_STREAM")), System.console() != null);
    }

    /** True if {@code journalStream} ({@code <dev>:<inode>}) is the file that stdout is. */
    static boolean stdoutIsJournal(String journalStream) {
        if (journalStream == null) {
            return false;
        }
        String[] parts = journalStream.trim().split(":");
        try {
            java.util.Map<String, Object> stdout = java.nio.file.Files.readAttributes(
                    java.nio.file.Path.of("/proc/self/fd/1"), "unix:dev,ino");
            return parts.length == 2 && Long.parseLong(parts[0]) == ((Number) stdout.get("dev")).longValue()
                    && Long.parseLong(parts[1]) == ((Number) stdout.get("ino")).longValue();
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    static String pattern(boolean underSystemd, boolean terminal) {
        if (underSystemd) {
            return PLAIN;
        }
        return terminal ? COLOURED : TIMESTAMPED;
    }
}
