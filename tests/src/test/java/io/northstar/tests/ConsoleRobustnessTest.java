package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.common.Version;
import io.northstar.console.Connect;
import io.northstar.console.ConnectNack;
import io.northstar.console.ContainerResult;
import io.northstar.console.InstallResult;
import io.northstar.console.Message;
import io.northstar.console.Request;
import io.northstar.console.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad input closes only the connection it came on (console-protocol §1); the runtime keeps
 * serving everybody else. Install streams that stall or end early leave nothing behind.
 */
class ConsoleRobustnessTest extends SharedRuntime {

    private static final int MAX_LINE = 1024;

    private Path root;
    private Path repo;

    @Override
    protected TestConfig configure() throws Exception {
        root = Host.tempRoot("console");
        repo = Files.createDirectories(root.resolve("repo"));
        return new TestConfig(root)
                .repository(TestConfig.Repo.fs("default", repo))
                .repository(TestConfig.Repo.mem("memory"))
                .globalOption("max_request_size = \"" + MAX_LINE + "\"")
                .globalOption("npk_stream_timeout = \"2s\"")
                .globalOption("max_npk_install_size = \"100KB\"");
    }

    /** A bystander connection that must keep working through all of this. */
    private void assertStillServing() throws Exception {
        ConsoleSession.assertServes(config.console());
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLineOfExactlyMaxRequestSizeIsAcceptedOneMoreByteClosesTheConnection() throws Exception {
        try (ConsoleSession bystander = ConsoleSession.connect(config.console(), false);
             ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
            String list = "{\"request\":\"list\"}";
            String padded = list + " ".repeat(MAX_LINE - list.length());
            console.sendRaw(line(padded));
            assertTrue(console.response() instanceof Response.List);
            console.sendRaw(line(padded + " "));
            assertTrue(console.closedByRuntime(), "over-long line closes the connection without an answer");
            assertTrue(bystander.request(new Request.List()) instanceof Response.List);
        }
        assertStillServing();
    }

    @Test
    void anEndlessLineWithoutNewlineIsCutOff() throws Exception {
        try (ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
            byte[] garbage = new byte[MAX_LINE * 4];
            Arrays.fill(garbage, (byte) 'x');
            console.sendRaw(garbage);
            assertTrue(console.closedByRuntime());
        }
        assertStillServing();
    }

    @Test
    void malformedJsonAndNonRequestsCloseSilently() throws Exception {
        for (String bad : List.of("{\"request\":", "not json", "{\"request\":\"list\"} trailing", "",
                "{\"request\":{\"inspect\":{\"container\":\"no-version\"}}}",
                "{\"connect\":{\"version\":\"0.9.3\",\"subscribe_notifications\":false}}",
                "{\"response\":\"shutdown\"}")) {
            try (ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
                console.sendRaw(line(bad));
                assertTrue(console.closedByRuntime(), "closed after: " + bad);
            }
        }
        byte[] invalidUtf8 = {'"', (byte) 0xff, '"', '\n'};
        try (ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
            console.sendRaw(invalidUtf8);
            assertTrue(console.closedByRuntime());
        }
        assertStillServing();
    }

    @Test
    void theFirstMessageMustBeConnect() throws Exception {
        try (ConsoleSession console = ConsoleSession.open(config.console())) {
            console.send(new Request.List());
            assertTrue(console.closedByRuntime());
        }
        try (ConsoleSession console = ConsoleSession.open(config.console())) {
            console.send(new Connect(Version.of(0, 8, 9), false));
            Message nack = console.next();
            assertEquals(new ConnectNack.InvalidProtocolVersion(Version.of(0, 9, 3)), nack);
            assertTrue(console.closedByRuntime());
        }
        for (Version accepted : List.of(Version.of(0, 9, 0), Version.of(0, 10, 0), Version.of(1, 0, 0))) {
            try (ConsoleSession console = ConsoleSession.open(config.console())) {
                console.send(new Connect(accepted, true));
                assertTrue(console.next() instanceof io.northstar.console.ConnectAck, accepted.toString());
            }
        }
    }

    @Test
    void aConnectionThatNeverSaysConnectIsClosed() throws Exception {
        try (ConsoleSession console = ConsoleSession.open(config.console())) {
            // The runtime waits connect_timeout (10 s by default, as Northstar) for the connect message.
            assertTrue(console.closedByRuntime());
        }
        runtime.awaitLog("Closing connection of .*no connect message within 10000 ms of the accept \\(connect_timeout\\)",
                Duration.ofSeconds(5));
    }

    @Test
    void requestsAreAnsweredInOrderWhenPipelined() throws Exception {
        try (ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
            Container nothing = Container.parse("nothing:1.0.0");
            StringBuilder lines = new StringBuilder();
            lines.append("{\"request\":\"repositories\"}\r\n");
            lines.append("{\"request\":{\"umount\":{\"containers\":[\"nothing:1.0.0\"]}}}\n");
            lines.append("{\"request\":\"ident\"}\n");
            console.sendRaw(lines.toString().getBytes(StandardCharsets.UTF_8));
            assertTrue(console.response() instanceof Response.Repositories);
            assertEquals(new Response.Umount(List.of(new ContainerResult.Err(nothing,
                    new io.northstar.console.ConsoleError.InvalidContainer(nothing)))), console.response());
            assertTrue(console.response() instanceof Response.Ident);
        }
    }

    @Test
    void anInstallLargerThanMaxNpkInstallSizeClosesTheConnection() throws Exception {
        HostSnapshot before = HostSnapshot.take(runtime, List.of(root.toString()), repo);
        try (ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
            console.send(new Request.Install("default", 100_001));
            assertTrue(console.closedByRuntime());
        }
        assertEquals(before, HostSnapshot.take(runtime, List.of(root.toString()), repo));
        assertStillServing();
    }

    @Test
    void aStalledInstallStreamTimesOutAndLeavesNoTempFile() throws Exception {
        byte[] npk = TestNpks.hello();
        for (String repository : List.of("default", "memory")) {
            HostSnapshot before = HostSnapshot.take(runtime, List.of(root.toString()), repo);
            try (ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
                console.send(new Request.Install(repository, npk.length));
                console.sendRaw(Arrays.copyOf(npk, npk.length / 2));
                // npk_stream_timeout is 2 s: the runtime gives up on the missing half.
                assertTrue(console.closedByRuntime(), "stalled upload closes the connection");
            }
            runtime.awaitLog("install stream stalled", Duration.ofSeconds(10));
            assertEquals(before, HostSnapshot.take(runtime, List.of(root.toString()), repo));
        }
        assertStillServing();
    }

    @Test
    void aTruncatedInstallStreamLeavesNothing() throws Exception {
        byte[] npk = TestNpks.hello();
        HostSnapshot before = HostSnapshot.take(runtime, List.of(root.toString()), repo);
        try (ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
            console.send(new Request.Install("default", npk.length));
            console.sendRaw(Arrays.copyOf(npk, 1000));
        }
        runtime.awaitLog("install stream ended after", Duration.ofSeconds(10));
        assertEquals(before, HostSnapshot.take(runtime, List.of(root.toString()), repo));
        try (ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
            assertTrue(((Response.List) console.request(new Request.List())).containers().isEmpty());
            // The same upload complete works, and pipelined requests after the bytes are served.
            console.send(new Request.Install("default", npk.length));
            byte[] withNext = Arrays.copyOf(npk, npk.length + 19);
            System.arraycopy(line("{\"request\":\"list\"}"), 0, withNext, npk.length, 19);
            console.sendRaw(withNext);
            Container hello = Container.parse("hello:0.0.2");
            assertEquals(new Response.Install(new InstallResult.Ok(hello)), console.response());
            assertEquals(new Response.List(List.of(hello)), console.response());
            assertEquals(new Response.Uninstall(new ContainerResult.Ok(hello)),
                    console.request(new Request.Uninstall(hello, false)));
        }
        assertEquals(before, HostSnapshot.take(runtime, List.of(root.toString()), repo));
    }
}
