package io.northstar.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The runtime's log layout escapes what comes from outside (see io.northstar.common.EscapedText). */
class LogLayoutTest {

    /** The runtime's own logback.xml: what reaches the output is one line per event. */
    @Test
    void theRuntimeLayoutEscapesMessagesArgumentsAndExceptionMessages() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try (InputStream xml = LogLayoutTest.class.getResourceAsStream("/logback.xml")) {
            configurator.doConfigure(xml);
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        // The configured pattern and conversion rules, into a stream the test reads.
        @SuppressWarnings("unchecked")
        String pattern = ((PatternLayoutEncoder) ((OutputStreamAppender<ILoggingEvent>) root.getAppender("STDOUT"))
                .getEncoder()).getPattern();
        assertTrue(pattern.endsWith("%msg%n%ex"), pattern);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> capture = new OutputStreamAppender<>();
        capture.setContext(context);
        capture.setEncoder(encoder);
        capture.setOutputStream(out);
        capture.start();
        root.detachAndStopAllAppenders();
        root.addAppender(capture);

        Logger log = context.getLogger("io.northstar.runtime.container");
        log.info("{}: {}", "hello:0.0.1", "\rfake line\n12:00:00.000 INFO  Daemon: forged\u001b[31m");
        log.warn("Install into {} failed", "repo\nERROR x", new IllegalStateException("entry \"a\nb\u001b[2J\"",
                new RuntimeException("cause\rline")));
        context.stop();

        String text = out.toString(StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
       
        assertTrue(lines[0].endsWith("INFO  container: hello:0.0.1: \\rfake line\\n12:00:00.000 INFO  Daemon: forged\\x1b[31m"),
                lines[0]);
        assertTrue(lines[1].endsWith("WARN  container: Install into repo\\nERROR x failed"), lines[1]);
        assertEquals("java.lang.IllegalStateException: entry \"a\\nb\\x1b[2J\"", lines[2]);
        assertTrue(text.contains("Caused by: java.lang.RuntimeException: cause\\rline\n"), text);
        assertFalse(text.contains("\r") || text.contains("\u001b"), text);
        for (int i = 3; i < lines.length; i++) {
            assertTrue(lines[i].startsWith("\tat ") || lines[i].startsWith("\t... ")
                    || lines[i].startsWith("Caused by: "), "a stack trace line: " + lines[i]);
        }
    }
}
