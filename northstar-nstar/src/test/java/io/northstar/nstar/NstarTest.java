package io.northstar.nstar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.client.PermissionDeniedException;
import io.northstar.client.RequestFailedException;
import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.console.ConsoleError;
import io.northstar.console.ExitStatus;
import io.northstar.console.Notification;
import io.northstar.console.Request;
import io.northstar.console.UpdateStep;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class NstarTest {
    private static final Container HELLO = Container.parse("hello:0.0.1");

    @ParameterizedTest
    @CsvSource({"9,9", "KILL,9", "sigterm,15", "SIGSYS,31", "term,15"})
    void signals(String text, int number) {
        assertEquals(number, Signals.parse(text));
    }

    @Test
    void unknownSignal() {
        assertThrows(IllegalArgumentException.class, () -> Signals.parse("SIGFOO"));
    }

    @Test
    void containerByNameNeedsExactlyOneVersion() throws Exception {
        List<Container> installed = List.of(HELLO, Container.parse("two:1.0.0"), Container.parse("two:1.1.0"));
        assertEquals(HELLO, ContainerRef.resolve("hello", () -> installed));
        assertEquals(Container.parse("two:1.0.0"), ContainerRef.resolve("two:1.0.0", () -> installed));
        ErrorResponse several = assertThrows(ErrorResponse.class, () -> ContainerRef.resolve("two", () -> installed));
        assertTrue(several.getMessage().contains("1.0.0, 1.1.0"), several.getMessage());
        ErrorResponse none = assertThrows(ErrorResponse.class, () -> ContainerRef.resolve("nope", () -> installed));
        assertEquals("no container named nope is installed", none.getMessage());
    }

    @Test
    void errorsReadAsSentences() {
        assertEquals("hello:0.0.1 is not installed", Explain.error(new ConsoleError.InvalidContainer(HELLO)));
        assertEquals("hello:0.0.1 needs resource message >=0.0.2, which is not installed",
                Explain.error(new ConsoleError.StartContainerMissingResource(HELLO, Name.of("message"),
                        ">=0.0.2")));
        assertEquals("critical container hello:0.0.1 ended: signalled 9 (SIGKILL)",
                Explain.error(new ConsoleError.CriticalContainer(HELLO, new ExitStatus.Signalled(9))));
        assertEquals("there is no repository foo", Explain.error(new ConsoleError.InvalidRepository("foo")));
        assertEquals("exited with code 101", Explain.exitStatus(new ExitStatus.Exit(101)));
    }

    @Test
    void exitCodes() {
        assertEquals(Nstar.ERROR_RESPONSE, Nstar.exitCode(
                new RequestFailedException(new Request.Ident(), new ConsoleError.InvalidContainer(HELLO))));
        assertEquals(Nstar.ERROR_RESPONSE, Nstar.exitCode(new PermissionDeniedException(new Request.Ident())));
        assertEquals(Nstar.USAGE_OR_CONNECTION, Nstar.exitCode(new java.net.ConnectException("refused")));
    }

    @Test
    void unreachableRuntimeIsExitTwoWithOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nobody listens there
        }
        StringWriter err = new StringWriter();
        CommandLine cli = Nstar.commandLine(new Nstar());
        cli.setErr(new PrintWriter(err));
        assertEquals(Nstar.USAGE_OR_CONNECTION, cli.execute("--url", "tcp://127.0.0.1:" + port, "list"));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("nstar: "), err.toString());
    }

    @Test
    void usageErrorIsExitTwo() {
        CommandLine cli = Nstar.commandLine(new Nstar());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(Nstar.USAGE_OR_CONNECTION, cli.execute("install", "x.npk"));
    }

    @Test
    void updateStepsReadAsSentences() {
        Container next = Container.parse("hello:0.0.2");
        assertEquals("hello:0.0.2: update from hello:0.0.1: stopped old", Explain.notification(
                new Notification.Update(UpdateStep.STOPPED_OLD, HELLO, next)));
        assertEquals("hello:0.0.2: update from hello:0.0.1: rolled back (exited with 1)", Explain.notification(
                new Notification.Update(UpdateStep.ROLLED_BACK, HELLO, next, java.util.Optional.of("exited with 1"))));
    }

    @ParameterizedTest
    @CsvSource({"30s,30000", "500ms,500", "2m,120000", "1h,3600000", "7,7000", "15S,15000"})
    void healthWindows(String text, long millis) {
        assertEquals(java.time.Duration.ofMillis(millis), new UpdateCommand.HealthWindow().convert(text));
    }

    @Test
    void updateNeedsFileAndHasHelp() {
        StringWriter out = new StringWriter();
        CommandLine cli = Nstar.commandLine(new Nstar());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(Nstar.OK, cli.execute("update", "--help"));
        assertTrue(out.toString().contains("--health-window"), out.toString());
        assertTrue(out.toString().contains("rolled back"), out.toString());
        assertEquals(Nstar.USAGE_OR_CONNECTION, cli.execute("update"));
        assertEquals(Nstar.USAGE_OR_CONNECTION, cli.execute("update", "x.npk", "--health-window", "soon"));
    }

    @Test
    void durations() {
        assertEquals("850ms", Table.duration(850_000_000L));
        assertEquals("4m 12s", Table.duration(252_000_000_000L));
        assertEquals("2h 5m", Table.duration(7_500_000_000_000L));
        assertEquals("3d 4h", Table.duration((3 * 24 + 4) * 3_600_000_000_000L));
    }

    @Test
    void tableAlignsColumns() {
        StringWriter out = new StringWriter();
        new Table("NAME", "PID").row("hello-world", 42).row("a", "").print(new PrintWriter(out));
        assertEquals(List.of("NAME         PID", "hello-world  42", "a"), out.toString().lines().toList());
    }
}
