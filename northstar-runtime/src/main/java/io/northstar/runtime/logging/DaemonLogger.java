package io.northstar.runtime.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger of the daemon: its lowest level is fixed when it is made ({@link LogLevels}); an event
 * at or above it goes to the {@link LogOutput}. SLF4J has already taken a trailing exception off
 * the arguments, as logback did.
 */
final class DaemonLogger extends LegacyAbstractLogger {

    private final transient int threshold;
    private final transient LogOutput output;

    DaemonLogger(String name, int threshold, LogOutput output) {
        this.name = name;
        this.threshold = threshold;
        this.output = output;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable thrown) {
        String message = arguments == null || arguments.length == 0 ? pattern
                : MessageFormatter.basicArrayFormat(pattern, arguments);
        output.write(new LogEvent(System.currentTimeMillis(), level, name, message, thrown));
    }
}
