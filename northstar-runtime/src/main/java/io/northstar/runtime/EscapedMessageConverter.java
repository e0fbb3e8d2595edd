package io.northstar.runtime;

import io.northstar.common.LogText;
import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %msg} of the runtime's log layout (logback.xml maps msg, m and message here): the message
 * with control characters escaped ({@link LogText}), so that no argument can forge a log line.
 */
public final class EscapedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogText.escape(event.getFormattedMessage());
    }
}
