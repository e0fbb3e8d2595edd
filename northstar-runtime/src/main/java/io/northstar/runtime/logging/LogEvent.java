package io.northstar.runtime.logging;

import org.slf4j.event.Level;

/**
 * One logged event as it leaves a logger: {@code message} is formatted (arguments filled in) but
 * not yet escaped; {@code thrown} is null when none was logged.
 */
public record LogEvent(long epochMillis, Level level, String logger, String message, Throwable thrown) {
}
