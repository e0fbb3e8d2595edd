package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.client.Client;
import io.northstar.client.RequestFailedException;
import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.console.ConsoleError;
import io.northstar.console.ContainerData;
import io.northstar.console.Notification;
import io.northstar.console.Token;
import io.northstar.console.VerificationResult;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The project's Java client against the real runtime, over TCP. */
class ClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void theJavaClientDrivesAWholeLifecycleOverTcp() throws Exception {
        Path root = Host.runtimeRoot("client");
        Path repo = Files.createDirectories(root.resolve("repo"));
        Path pub = TestNpks.resource("northstar.pub", Files.createDirectories(root.resolve("keys")));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        TestConfig config = new TestConfig(root).bind("tcp://127.0.0.1:" + port)
                .repository(TestConfig.Repo.fs("default", repo).key(pub))
                .repository(TestConfig.Repo.mem("memory").key(pub));
        Path signed = TestNpks.pack(root.resolve("work"), "client-app", "3.1.4", true);
        Container app = Container.parse("client-app:3.1.4");
        Container hello = Container.parse("hello:0.0.2");
        URI url = URI.create("tcp://127.0.0.1:" + port);
        try (RuntimeProcess runtime = RuntimeProcess.start(config);
             Client client = Client.connect(url, true, TIMEOUT)) {
            assertEquals(Set.of("default", "memory"), client.repositories());
            assertEquals(List.of(), client.list());
            assertEquals(Container.parse("extern:0.0.0"), client.ident());

            assertEquals(app, client.install("default", signed));
            assertEquals(hello, client.install("memory", new java.io.ByteArrayInputStream(TestNpks.hello()),
                    TestNpks.hello().length));
            assertTrue(Files.exists(repo.resolve("client-app:3.1.4.npk")));
            assertEquals(Set.of(app, hello), Set.copyOf(client.list()));

            client.mount(app);
            client.mount(hello);
            ContainerData data = client.inspect(app);
            assertTrue(data.mounted());
            assertEquals("default", data.repository());
            assertEquals(Optional.empty(), data.process());

            RequestFailedException busy = assertThrows(RequestFailedException.class, () -> client.mount(app));
            assertEquals(new ConsoleError.InvalidContainer(app), busy.error());

            client.umount(app);
            client.uninstall(app, true);
            client.uninstall(hello, false);
            assertEquals(List.of(), client.list());
            assertFalse(Files.exists(repo.resolve("client-app:3.1.4.npk")));

            // Notifications in order: install, install, uninstall, uninstall.
            List<Notification> seen = new java.util.ArrayList<>();
            Optional<Notification> n;
            while (seen.size() < 4 && (n = client.awaitNotification(Duration.ofSeconds(10))).isPresent()) {
                seen.add(n.get());
            }
            assertEquals(List.of(new Notification.Install(app), new Notification.Install(hello),
                    new Notification.Uninstall(app), new Notification.Uninstall(hello)), seen);

            // Tokens of the global console: user and target "extern" on both sides.
            byte[] shared = "secret".getBytes(StandardCharsets.UTF_8);
            Token token = client.createToken(Name.of("extern"), shared);
            assertEquals(VerificationResult.OK, client.verifyToken(token, Name.of("extern"), shared));
            assertEquals(VerificationResult.INVALID, client.verifyToken(token, Name.of("someone"), shared));

            RequestFailedException invalid = assertThrows(RequestFailedException.class,
                    () -> client.install("nope", signed));
            assertEquals(new ConsoleError.InvalidRepository("nope"), invalid.error());
            client.shutdown();
            assertEquals(0, runtime.awaitExit(Duration.ofSeconds(60)));
        }
    }
}
