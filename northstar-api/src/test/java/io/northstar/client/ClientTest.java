package io.northstar.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.common.NonNulString;
import io.northstar.common.Version;
import io.northstar.console.ConnectNack;
import io.northstar.console.ConsoleError;
import io.northstar.console.ContainerData;
import io.northstar.console.ContainerResult;
import io.northstar.console.ExitStatus;
import io.northstar.console.Notification;
import io.northstar.console.Request;
import io.northstar.console.Token;
import io.northstar.console.VerificationResult;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client against a scripted peer speaking the spec's lines over real TCP and Unix sockets. */
class ClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Container HELLO = Container.parse("hello-world:0.0.1");
    private static final Container FOO = Container.parse("foo:1.0.0");

    /** The runtime closes an idle connection (idle_timeout): nstar's shell must see it and reconnect. */
    @Test
    void aConnectionClosedByTheRuntimeIsSeenClosedBeforeTheNextRequest() throws Exception {
        CountDownLatch idle = new CountDownLatch(1);
        try (FakeConsole server = FakeConsole.tcp(peer -> {
            peer.accept(false);
            peer.answerList();
            // then the script ends and the connection is closed, as after the runtime's idle_timeout
            idle.await();
        });
             Client client = Client.connect(server.url(), false, TIMEOUT)) {
            assertEquals(List.of(), client.list());
            assertFalse(client.isClosed());
            idle.countDown();
            server.finish();
            // the end of the stream reaches the client asynchronously
            for (int i = 0; i < 500 && !client.isClosed(); i++) {
                Thread.sleep(10);
            }
            assertTrue(client.isClosed());
        }
    }

    @Test
    void exampleSessionOfSpecSection11() throws Exception {
        byte[] npk = new byte[24205];
        for (int i = 0; i < npk.length; i++) {
            npk[i] = (byte) (i % 251);
        }
        // Put a newline in the NPK bytes: they must travel raw, not as a line.
        npk[100] = '\n';
        byte[] token = Base64.getDecoder().decode("AAAAAAAAAAXrg0f1AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==");
        try (FakeConsole server = FakeConsole.tcp(peer -> {
            peer.accept(true);
            peer.answerList("hello-world:0.0.1");
            peer.expect("{\"request\":{\"start\":{\"container\":\"hello-world:0.0.1\",\"init\":null,\"arguments\":[],\"environment\":{}}}}");
            peer.send("{\"response\":{\"start\":{\"ok\":{\"container\":\"hello-world:0.0.1\"}}}}",
                    "{\"notification\":{\"started\":\"hello-world:0.0.1\"}}",
                    "{\"notification\":{\"exit\":[\"hello-world:0.0.1\",{\"exit\":{\"code\":0}}]}}");
            peer.expect("{\"request\":{\"token_create\":{\"target\":\"server\",\"shared\":\"aGVsbG8h\"}}}");
            peer.send("{\"response\":{\"token\":\"AAAAAAAAAAXrg0f1AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==\"}}");
            peer.expect("{\"request\":{\"install\":{\"repository\":\"memory\",\"size\":24205}}}");
            assertArrayEquals(npk, peer.readRaw(npk.length));
            // Here the notification comes before the response; both orders are legal.
            peer.send("{\"notification\":{\"install\":\"hello:0.0.2\"}}",
                    "{\"response\":{\"install\":{\"ok\":{\"container\":\"hello:0.0.2\"}}}}");
            peer.expect("<end of stream>");
        })) {
            try (Client client = Client.connect(server.url(), true, TIMEOUT)) {
            assertEquals(List.of(HELLO), client.list());
            client.start(HELLO);
            assertEquals(Optional.of(new Notification.Started(HELLO)), client.awaitNotification(TIMEOUT));
            assertEquals(Optional.of(new Notification.Exit(HELLO, new ExitStatus.Exit(0))), client.awaitNotification(TIMEOUT));
            assertEquals(new Token(token), client.createToken(Name.of("server"), "hello!".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(Container.parse("hello:0.0.2"), client.install("memory", new ByteArrayInputStream(npk), npk.length));
            assertEquals(Optional.of(new Notification.Install(Container.parse("hello:0.0.2"))), client.pollNotification());
            assertEquals(Optional.empty(), client.pollNotification());
            }
            server.finish();
        }
    }

    @Test
    void notificationsBetweenResponsesGoToTheListenerInOrder() throws Exception {
        try (FakeConsole server = FakeConsole.tcp(peer -> {
            peer.accept(true);
            peer.send("{\"notification\":{\"install\":\"foo:1.0.0\"}}");
            peer.expect("{\"request\":\"repositories\"}");
            peer.send("{\"notification\":{\"c_group\":[\"foo:1.0.0\",{\"memory\":{\"low\":null,\"high\":null,\"max\":3,\"oom\":1,\"oom_kill\":1}}]}}",
                    "{\"notification\":\"shutdown\"}",
                    "{\"response\":{\"repositories\":[\"default\",\"memory\"]}}",
                    "{\"notification\":{\"uninstall\":\"foo:1.0.0\"}}");
            peer.expect("<end of stream>");
        });
             Client client = Client.connect(server.url(), true, TIMEOUT)) {
            assertEquals(Set.of("default", "memory"), client.repositories());
            List<Notification> seen = new ArrayList<>();
            client.setNotificationListener(seen::add);
            assertEquals(3, seen.size(), "queued notifications are handed to a new listener");
            assertEquals(Optional.empty(), client.awaitNotification(Duration.ofMillis(200)), "a listener consumes what arrives");
            assertEquals(List.of(new Notification.Install(FOO),
                    new Notification.CGroup(FOO, new io.northstar.console.CgroupNotification.Memory(
                            new io.northstar.console.MemoryNotification(java.util.OptionalLong.empty(),
                                    java.util.OptionalLong.empty(), java.util.OptionalLong.of(3),
                                    java.util.OptionalLong.of(1), java.util.OptionalLong.of(1)))),
                    new Notification.Shutdown(), new Notification.Uninstall(FOO)), seen);
        }
    }

    @Test
    void awaitNotificationTimesOutWithoutBreakingTheConnection() throws Exception {
        CountDownLatch waited = new CountDownLatch(1);
        try (FakeConsole server = FakeConsole.tcp(peer -> {
            peer.accept(true);
            // Half a line first: the client must keep it buffered across the timeout.
            peer.sendRaw("{\"notification\":{\"started\":");
            assertTrue(waited.await(30, TimeUnit.SECONDS));
            peer.send("\"foo:1.0.0\"}}");
            peer.expect("{\"request\":\"ident\"}");
            peer.send("{\"response\":{\"ident\":\"extern:0.0.0\"}}");
        });
             Client client = Client.connect(server.url(), true, TIMEOUT)) {
            assertEquals(Optional.empty(), client.awaitNotification(Duration.ofMillis(50)));
            waited.countDown();
            assertEquals(Optional.of(new Notification.Started(FOO)), client.awaitNotification(TIMEOUT));
            assertEquals(Container.parse("extern:0.0.0"), client.ident());
            server.finish();
        }
    }

    @Test
    void crLfLinesAndPipelinedNotificationsInOneSegment() throws Exception {
        try (FakeConsole server = FakeConsole.tcp(peer -> {
            peer.expect("{\"connect\":{\"version\":\"0.9.3\",\"subscribe_notifications\":true}}");
            // Several lines in one write, \r\n terminated: the client must split and strip them.
            peer.sendRaw("{\"connect_ack\":null}\r\n{\"notification\":{\"install\":\"foo:1.0.0\"}}\r\n"
                    + "{\"notification\":{\"started\":\"foo:1.0.0\"}}\n");
            peer.expect("{\"request\":\"list\"}");
            peer.sendRaw("{\"response\":{\"list\":[\"foo:1.0.0\"]}}\r\n");
        });
             Client client = Client.connect(server.url(), true, TIMEOUT)) {
            assertEquals(List.of(FOO), client.list());
            assertEquals(Optional.of(new Notification.Install(FOO)), client.pollNotification());
            assertEquals(Optional.of(new Notification.Started(FOO)), client.pollNotification());
            assertThrows(IllegalArgumentException.class, () -> client.request(new Request.Install("default", 1)));
            assertFalse(client.isClosed());
            server.finish();
        }
    }

    /** What connecting (with or without notifications) throws when the runtime answers with {@code nack}. */
    private static ConnectRejectedException connectRejected(boolean subscribe, String nack) throws Exception {
        try (FakeConsole server = FakeConsole.tcp(peer -> {
            peer.expect("{\"connect\":{\"version\":\"0.9.3\",\"subscribe_notifications\":" + subscribe + "}}");
            peer.send(nack);
        })) {
            ConnectRejectedException e = assertThrows(ConnectRejectedException.class,
                    () -> Client.connect(server.url(), subscribe, TIMEOUT));
            server.finish();
            return e;
        }
    }

    @Test
    void connectNackForTheVersionCarriesTheRuntimeVersion() throws Exception {
        ConnectRejectedException e = connectRejected(false,
                "{\"connect_nack\":{\"invalid_protocol_version\":{\"version\":\"1.2.0\"}}}");
        assertEquals(new ConnectNack.InvalidProtocolVersion(Version.of(1, 2, 0)), e.nack());
        assertTrue(e.getMessage().contains("invalid protocol version: the runtime speaks 1.2.0"), e.getMessage());
    }

    @Test
    void connectNackPermissionDenied() throws Exception {
        ConnectRejectedException e = connectRejected(true, "{\"connect_nack\":\"permission_denied\"}");
        assertEquals(new ConnectNack.PermissionDenied(), e.nack());
        assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
    }

    @Test
    void silentCloseOnConnectIsAnEndOfStream() throws Exception {
        try (FakeConsole server = FakeConsole.tcp(peer -> peer.expect(
                "{\"connect\":{\"version\":\"0.9.3\",\"subscribe_notifications\":false}}"))) {
            EOFException e = assertThrows(EOFException.class, () -> Client.connect(server.url(), false, TIMEOUT));
            assertTrue(e.getMessage().contains("the connect reply"), e.getMessage());
        }
    }

    @Test
    void permissionDeniedAndErrorResponsesLeaveTheConnectionUsable() throws Exception {
        try (FakeConsole server = FakeConsole.tcp(peer -> {
            peer.accept(false);
            peer.expect("{\"request\":{\"kill\":{\"container\":\"foo:1.0.0\",\"signal\":9}}}");
            peer.send("{\"response\":{\"permission_denied\":{\"kill\":{\"container\":\"foo:1.0.0\",\"signal\":9}}}}");
            peer.expect("{\"request\":{\"start\":{\"container\":\"foo:1.0.0\",\"init\":\"/bin/sh\",\"arguments\":[\"-c\",\"echo hi\"],\"environment\":{\"FOO\":\"bar\"}}}}");
            peer.send("{\"response\":{\"start\":{\"error\":{\"container\":\"foo:1.0.0\",\"error\":{\"start_container_started\":{\"container\":\"foo:1.0.0\"}}}}}}");
            peer.expect("{\"request\":{\"inspect\":{\"container\":\"foo:1.0.0\"}}}");
            peer.send("{\"response\":{\"inspect\":{\"error\":{\"container\":\"foo:1.0.0\",\"error\":{\"invalid_container\":{\"container\":\"foo:1.0.0\"}}}}}}");
            peer.expect("{\"request\":{\"install\":{\"repository\":\"nope\",\"size\":3}}}");
            assertArrayEquals(new byte[] {1, 2, 3}, peer.readRaw(3));
            peer.send("{\"response\":{\"install\":{\"error\":{\"error\":{\"invalid_repository\":{\"repository\":\"nope\"}}}}}}");
            peer.expect("{\"request\":{\"kill\":{\"container\":\"foo:1.0.0\",\"signal\":15}}}");
            peer.send("{\"response\":{\"kill\":{\"error\":{\"container\":\"foo:1.0.0\",\"error\":{\"stop_container_not_started\":{\"container\":\"foo:1.0.0\"}}}}}}");
            peer.answerList();
        });
             Client client = Client.connect(server.url(), false, TIMEOUT)) {
            PermissionDeniedException denied = assertThrows(PermissionDeniedException.class, () -> client.kill(FOO, 9));
            assertEquals(new Request.Kill(FOO, 9), denied.request());
            assertTrue(denied.getMessage().contains("lacks the kill permission"), denied.getMessage());

            RequestFailedException started = assertThrows(RequestFailedException.class, () -> client.start(FOO,
                    Optional.of(NonNulString.of("/bin/sh")), List.of(NonNulString.of("-c"), NonNulString.of("echo hi")),
                    Map.of(NonNulString.of("FOO"), NonNulString.of("bar"))));
            assertEquals(new ConsoleError.StartContainerStarted(FOO), started.error());
            assertTrue(started.getMessage().contains("start_container_started"), started.getMessage());

            assertEquals(new ConsoleError.InvalidContainer(FOO),
                    assertThrows(RequestFailedException.class, () -> client.inspect(FOO)).error());
            assertEquals(new ConsoleError.InvalidRepository("nope"), assertThrows(RequestFailedException.class,
                    () -> client.install("nope", new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), 3)).error());
            assertEquals(new ConsoleError.StopContainerNotStarted(FOO),
                    assertThrows(RequestFailedException.class, () -> client.kill(FOO, 15)).error());
            assertFalse(client.isClosed());
            assertEquals(List.of(), client.list());
            server.finish();
        }
    }

    @Test
    void everyRequestOverAUnixSocket(@TempDir Path dir) throws Exception {
        Container bar = Container.parse("bar:0.0.1");
        String manifest = "{\"name\":\"hello-world\",\"version\":\"0.0.1\",\"init\":\"/hello-world\",\"uid\":1000,\"gid\":1000,"
                + "\"mounts\":{\"/dev\":{\"type\":\"dev\"},\"/proc\":{\"type\":\"proc\"},\"/lib\":{\"type\":\"bind\",\"host\":\"/lib\"},"
                + "\"/lib64\":{\"type\":\"bind\",\"host\":\"/lib64\"}},\"io\":{\"stdout\":\"pipe\",\"stderr\":\"pipe\"}}";
        byte[] token = new byte[40];
        try (FakeConsole server = FakeConsole.unix(dir.resolve("console"), peer -> {
            peer.accept(false);
            peer.expect("{\"request\":\"ident\"}");
            peer.send("{\"response\":{\"ident\":\"extern:0.0.0\"}}");
            peer.expect("{\"request\":{\"inspect\":{\"container\":\"foo:1.0.0\"}}}");
            peer.send("{\"response\":{\"inspect\":{\"ok\":{\"container\":\"foo:1.0.0\",\"data\":{\"manifest\":" + manifest
                    + ",\"repository\":\"default\",\"mounted\":true,\"process\":{\"pid\":42,\"uptime\":123456789,\"statistics\":{}}}}}}}");
            peer.expect("{\"request\":{\"mount\":{\"containers\":[\"foo:1.0.0\",\"bar:0.0.1\"]}}}");
            peer.send("{\"response\":{\"mount\":[{\"ok\":{\"container\":\"foo:1.0.0\"}},{\"error\":{\"container\":\"bar:0.0.1\",\"error\":{\"invalid_container\":{\"container\":\"bar:0.0.1\"}}}}]}}");
            peer.expect("{\"request\":{\"mount\":{\"containers\":[\"bar:0.0.1\"]}}}");
            peer.send("{\"response\":{\"mount\":[{\"error\":{\"container\":\"bar:0.0.1\",\"error\":{\"invalid_container\":{\"container\":\"bar:0.0.1\"}}}}]}}");
            peer.expect("{\"request\":{\"umount\":{\"containers\":[\"foo:1.0.0\"]}}}");
            peer.send("{\"response\":{\"umount\":[{\"ok\":{\"container\":\"foo:1.0.0\"}}]}}");
            peer.expect("{\"request\":{\"umount\":{\"containers\":[]}}}");
            peer.send("{\"response\":{\"umount\":[]}}");
            peer.expect("{\"request\":{\"uninstall\":{\"container\":\"foo:1.0.0\",\"wipe\":true}}}");
            peer.send("{\"response\":{\"uninstall\":{\"error\":{\"container\":\"foo:1.0.0\",\"error\":{\"umount_busy\":{\"container\":\"foo:1.0.0\"}}}}}}");
            peer.expect("{\"request\":{\"uninstall\":{\"container\":\"foo:1.0.0\",\"wipe\":false}}}");
            peer.send("{\"response\":{\"uninstall\":{\"ok\":{\"container\":\"foo:1.0.0\"}}}}");
            peer.expect("{\"request\":{\"token_verify\":{\"token\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\",\"user\":\"hello\",\"shared\":\"aHR0cA==\"}}}");
            peer.send("{\"response\":{\"token_verification\":\"Expired\"}}");
            peer.expect("{\"request\":\"shutdown\"}");
            peer.send("{\"response\":\"shutdown\"}");
        });
             Client client = Client.connect(server.url(), false, TIMEOUT)) {
            assertEquals(Container.parse("extern:0.0.0"), client.ident());
            ContainerData data = client.inspect(FOO);
            assertEquals(Name.of("hello-world"), data.manifest().name());
            assertEquals(42, data.process().orElseThrow().pid());
            assertTrue(data.mounted());
            assertEquals(List.of(new ContainerResult.Ok(FOO), new ContainerResult.Err(bar, new ConsoleError.InvalidContainer(bar))),
                    client.mountAll(List.of(FOO, bar)));
            assertEquals(new ConsoleError.InvalidContainer(bar),
                    assertThrows(RequestFailedException.class, () -> client.mount(bar)).error());
            client.umount(FOO);
            assertEquals(List.of(), client.umountAll(List.of()));
            assertEquals(new ConsoleError.UmountBusy(FOO),
                    assertThrows(RequestFailedException.class, () -> client.uninstall(FOO, true)).error());
            client.uninstall(FOO, false);
            assertEquals(VerificationResult.EXPIRED, client.verifyToken(new Token(token), Name.of("hello"),
                    "http".getBytes(StandardCharsets.US_ASCII)));
            client.shutdown();
            server.finish();
        }
    }

    @Test
    void timeoutClosesTheClient() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeConsole server = FakeConsole.tcp(peer -> {
            peer.accept(false);
            peer.expect("{\"request\":\"list\"}");
            release.await(30, TimeUnit.SECONDS);
        });
             Client client = Client.connect(server.url(), false, Duration.ofMillis(200))) {
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, client::list);
            assertTrue(e.getMessage().contains("no the response to") || e.getMessage().contains("within"), e.getMessage());
            assertTrue(client.isClosed());
            assertThrows(ClientException.class, client::list);
            release.countDown();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"response\":{\"list\":[\"foo:1.0\"]}}|response.list[0]: invalid container \"foo:1.0\"",
        "{\"response\":{\"repositories\":[]}}|answered \"list\" with {\"response\":{\"repositories\":[]}}",
        "{\"connect_ack\":null}|expected a response to \"list\", received {\"connect_ack\":null}",
    })
    void undecodableOrMismatchedResponsesAreProtocolViolations(String answer, String expected) throws Exception {
        try (FakeConsole server = FakeConsole.tcp(peer -> {
            peer.accept(false);
            peer.expect("{\"request\":\"list\"}");
            peer.send(answer);
        });
             Client client = Client.connect(server.url(), false, TIMEOUT)) {
            ProtocolViolationException e = assertThrows(ProtocolViolationException.class, client::list);
            assertTrue(e.getMessage().contains(expected), e.getMessage());
            assertTrue(client.isClosed());
        }
    }

    @Test
    void shortNpkStreamClosesTheClientAfterSendingWhatItHad() throws Exception {
        try (FakeConsole server = FakeConsole.tcp(peer -> {
            peer.accept(false);
            peer.expect("{\"request\":{\"install\":{\"repository\":\"default\",\"size\":10}}}");
            // The client gives up: the runtime sees the stream end before 10 bytes.
            assertArrayEquals(new byte[] {9, 9, 9}, peer.readRaw(10));
        });
             Client client = Client.connect(server.url(), false, TIMEOUT)) {
            EOFException e = assertThrows(EOFException.class,
                    () -> client.install("default", new ByteArrayInputStream(new byte[] {9, 9, 9}), 10));
            assertEquals("NPK stream ended after 3 of 10 bytes", e.getMessage());
            assertTrue(client.isClosed());
            server.finish();
        }
    }

    @Test
    void installRefusalsFinishTheConnection() throws Exception {
        try (FakeConsole server = FakeConsole.tcp(peer -> {
            peer.accept(false);
            peer.expect("{\"request\":{\"install\":{\"repository\":\"default\",\"size\":2}}}");
            peer.send("{\"response\":{\"permission_denied\":{\"install\":{\"repository\":\"default\",\"size\":2}}}}");
            // Oddity 5: the runtime now reads the NPK bytes as a line.
            assertArrayEquals(new byte[] {'P', 'K'}, peer.readRaw(2));
        });
             Client client = Client.connect(server.url(), false, TIMEOUT)) {
            PermissionDeniedException e = assertThrows(PermissionDeniedException.class,
                    () -> client.install("default", new ByteArrayInputStream(new byte[] {'P', 'K'}), 2));
            assertEquals(new Request.Install("default", 2), e.request());
            assertTrue(client.isClosed());
            server.finish();
        }
        try (FakeConsole server = FakeConsole.tcp(peer -> {
            peer.accept(false);
            // Oddity 6: over max_npk_install_size the runtime closes without a response.
            peer.expect("{\"request\":{\"install\":{\"repository\":\"default\",\"size\":4}}}");
        });
             Client client = Client.connect(server.url(), false, TIMEOUT)) {
            // End of stream or a reset, depending on whether the close raced the NPK bytes.
            IOException e = assertThrows(IOException.class,
                    () -> client.install("default", new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), 4));
            assertTrue(e.getMessage().startsWith("install aborted: "), e.getMessage());
            assertTrue(e.getMessage().contains("max_npk_install_size"), e.getMessage());
            assertTrue(client.isClosed());
            server.finish();
        }
    }

    @Test
    void rejectsUnusableUrls() {
        assertThrows(IllegalArgumentException.class, () -> Client.connect(URI.create("http://localhost:4200"), false, TIMEOUT));
        assertThrows(IllegalArgumentException.class, () -> Client.connect(URI.create("unix://host/path"), false, TIMEOUT));
        assertThrows(IllegalArgumentException.class, () -> Client.connect(URI.create("tcp:///nohost"), false, TIMEOUT));
        assertThrows(IllegalArgumentException.class, () -> Client.connect(URI.create("tcp://localhost:1"), false, Duration.ZERO));
        assertEquals(4200, ((java.net.InetSocketAddress) ConsoleAddress.parse(URI.create("tcp://127.0.0.1")).socketAddress()).getPort());
    }

    @Test
    void connectionRefusedNamesTheAddress(@TempDir Path dir) {
        URI url = URI.create("unix://" + dir.resolve("nobody-listens").toAbsolutePath());
        IOException e = assertThrows(IOException.class, () -> Client.connect(url, false, TIMEOUT));
        assertTrue(e.getMessage().contains("connecting to console " + url), e.getMessage());
    }
}
