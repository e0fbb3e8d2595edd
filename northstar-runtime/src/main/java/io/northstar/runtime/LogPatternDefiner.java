package io.northstar.runtime;

import ch.qos.logback.core.PropertyDefinerBase;

/**
 * Chooses the log line layout: under systemd (JOURNAL_STREAM set) journald adds the time itself,
 * so lines carry none; colours only when stdout is a terminal. Every pattern names {@code %ex}
 * itself: logback would otherwise append its own stack trace converter, which does not escape.
 */
public final class LogPatternDefiner extends PropertyDefinerBase {

    static final String PLAIN = "%-5level %logger{0}: %msg%n%ex";
    static final String TIMESTAMPED = "%d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n%ex";
    static final String COLOURED = "%d{HH:mm:ss.SSS} %highlight(%-5level) %cyan(%logger{0}): %msg%n%ex";

    @Override
    public String getPropertyValue() {
        return pattern(System.getenv("JOURNAL_STREAM") != null, System.console() != null);
    }

    static String pattern(boolean underSystemd, boolean terminal) {
        if (underSystemd) {
            return PLAIN;
        }
        return terminal ? COLOURED : TIMESTAMPED;
    }
}
