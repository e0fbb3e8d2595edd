package io.northstar.nstar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.console.LogLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LogsCommandTest {
    private static final Container HELLO = Container.parse("hello:0.0.1");

    private static LogsCommand parse(String... args) {
        CommandLine cli = Nstar.commandLine(new Nstar());
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        return (LogsCommand) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void optionsParse() {
        LogsCommand plain = parse("logs", "hello");
        assertEquals("hello", plain.container);
        assertFalse(plain.follow);
        assertNull(plain.tail);
        LogsCommand both = parse("logs", "-f", "--tail", "5", "hello:0.0.1");
        assertTrue(both.follow);
        assertEquals(5L, both.tail);
        LogsCommand shortForms = parse("logs", "-n", "0", "--follow", "hello");
        assertTrue(shortForms.follow);
        assertEquals(0L, shortForms.tail);
    }

    @Test
    void linesShowLocalTimeNameAndEscapedText() {
        LogLine line = new LogLine(Instant.parse("2026-01-31T12:00:00.123Z"), LogLine.Stream.STDERR,
                "\u001b[2Jcleared\rforged\u202e");
        assertEquals("2026-01-31 13:00:00.123 hello: \\x1b[2Jcleared\\rforged\\u202e",
                LogsCommand.format(HELLO, line, ZoneId.of("Europe/Berlin")));
        assertEquals("2026-01-31 12:00:00.123 hello: \\x1b[2Jcleared\\rforged\\u202e",
                LogsCommand.format(HELLO, line, ZoneId.of("UTC")));
        assertEquals("… hello: 3 lines skipped: nstar read slower than the container wrote",
                LogsCommand.skippedMarker(HELLO, 3));
    }

    @Test
    void aTailOutOfRangeIsAUsageErrorBeforeConnecting() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed: connecting would fail with a different message
        }
        for (String bad : new String[] {"-1", "4294967296"}) {
            StringWriter err = new StringWriter();
            CommandLine cli = Nstar.commandLine(new Nstar());
            cli.setErr(new PrintWriter(err));
            assertEquals(Nstar.USAGE_OR_CONNECTION, cli.execute("--url", "tcp://127.0.0.1:" + port, "logs", "--tail",
                    bad, "hello:0.0.1"));
            assertTrue(err.toString().contains("--tail must be between 0 and 4294967295"), err.toString());
        }
    }

    @Test
    void helpDescribesTheCommand() {
        StringWriter out = new StringWriter();
        CommandLine cli = Nstar.commandLine(new Nstar());
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("logs", "--help"));
        assertTrue(out.toString().contains("--follow"), out.toString());
        assertTrue(out.toString().contains("--tail=N"), out.toString());
        assertTrue(out.toString().contains("logs permission"), out.toString());
    }
}
