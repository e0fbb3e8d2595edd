package io.northstar.runtime;

import io.northstar.common.EscapedText;
import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %msg} of the runtime's log layout (logback.xml maps msg, m and message here): the message
 * with control characters escaped ({@link EscapedText}), so that no argument can forge a log line.
 */
public final class EscapedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return EscapedText.escape(event.getFormattedMessage());
    }
}
