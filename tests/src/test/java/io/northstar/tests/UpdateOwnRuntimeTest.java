package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.client.Client;
import io.northstar.client.PermissionDeniedException;
import io.northstar.common.Container;
import io.northstar.console.Connect;
import io.northstar.console.ConsoleCodec;
import io.northstar.console.Request;
import io.northstar.console.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Updates that need a runtime of their own (docs/runtime.md, "Updating a container"): one cut short by the death
 * of the runtime, one refused for lack of the permission. Not in {@link UpdateTest}: runtimes of one test JVM
 * share a cgroup name and must not run at the same time.
 */
class UpdateOwnRuntimeTest {

    private static final Duration TIMEOUT = ContainerFixture.TIMEOUT;

    /**
     * The runtime dies (SIGKILL) while the new version runs in its health window: after the restart both versions
     * are installed (the fs repository keeps both NPKs), none is running, and the operator chooses.
     */
    @Test
    void sigkillDuringTheHealthWindowLeavesBothVersionsInstalled() throws Exception {
        Host.assumeRuntimeCanRun();
        Host.assumeMksquashfs();
        Path root = Files.createTempDirectory("northstar-update-crash-");
        Path repo = Files.createDirectories(root.resolve("repo"));
        Path work = Files.createDirectories(root.resolve("work"));
        TestConfig config = new TestConfig(root).repository(TestConfig.Repo.fs("fs", repo));
        Path configFile = config.write();
        URI url = URI.create("unix://" + config.console());
        Container v1 = Container.parse("up-crash:0.0.1");
        Container v2 = Container.parse("up-crash:0.0.2");
        Path first = TestContainers.withBinary(work, "up-crash-1.npk", UpdateTest.MANIFEST.formatted("up-crash", "0.0.1", "[sleep]", ""));
        Path second = TestContainers.withBinary(work, "up-crash-2.npk", UpdateTest.MANIFEST.formatted("up-crash", "0.0.2", "[sleep]", ""));
        try (RuntimeProcess runtime = RuntimeProcess.start(configFile, root.resolve("first.log"));
             Client observer = Client.connect(url, true, TIMEOUT);
             Client operator = Client.connect(url, false, TIMEOUT)) {
            assertEquals(v1, observer.install("fs", first));
            observer.start(v1);
            List<Exception> updateEnd = new CopyOnWriteArrayList<>();
            Thread update = new Thread(() -> {
                try {
                    operator.update("fs", second, Optional.of(Duration.ofMinutes(10)));
                } catch (Exception e) {
                    updateEnd.add(e);
                }
            }, "update-client");
            update.start();
            // update notifications go to the connections that asked for updates; the log says it to everyone
            runtime.awaitLog("Update from up-crash:0\\.0\\.1 to up-crash:0\\.0\\.2: started_new", TIMEOUT);
            assertEquals(137, runtime.kill());
            update.join();
            assertEquals(1, updateEnd.size(), "the update's client learns that the runtime went away");
        }
        try (RuntimeProcess runtime = RuntimeProcess.start(configFile, root.resolve("second.log"));
             Client client = Client.connect(url, false, TIMEOUT)) {
            assertEquals(List.of(v1, v2), client.list().stream().filter(c -> c.name().equals(v1.name())).sorted()
                    .toList());
            assertFalse(client.inspect(v1).process().isPresent());
            assertFalse(client.inspect(v2).process().isPresent());
            // The operator's way forward (docs/runtime.md): start the version to keep, uninstall the other.
            client.start(v2);
            client.uninstall(v1, false);
            assertEquals(0, runtime.terminate());
        }
    }

    /** {@code update} is its own permission: install, kill, start and uninstall together do not grant it. */
    @Test
    void updateNeedsTheUpdatePermission() throws Exception {
        Host.assumeRuntimeCanRun();
        Host.assumeMksquashfs();
        Path root = Files.createTempDirectory("northstar-update-perm-");
        TestConfig config = new TestConfig(root).repository(TestConfig.Repo.mem("mem"))
                .permissions("[\"install\", \"kill\", \"start\", \"uninstall\", \"list\", \"inspect\"]");
        Path work = Files.createDirectories(root.resolve("work"));
        Path first = TestContainers.withBinary(work, "up-perm-1.npk", UpdateTest.MANIFEST.formatted("up-perm", "0.0.1", "[sleep]", ""));
        Path second = TestContainers.withBinary(work, "up-perm-2.npk", UpdateTest.MANIFEST.formatted("up-perm", "0.0.2", "[sleep]", ""));
        try (RuntimeProcess runtime = RuntimeProcess.start(config.write(), root.resolve("runtime.log"));
             Client client = Client.connect(URI.create("unix://" + config.console()), false, TIMEOUT)) {
            Container v1 = client.install("mem", first);
            // On the wire, as a denied install: the request is echoed, its bytes are not read (a client that sends
            // them anyway has its connection closed, see docs/protocol.md, "Permissions").
            ConsoleCodec codec = new ConsoleCodec();
            Request.Update update = new Request.Update("mem", Files.size(second), Optional.empty());
            try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(config.console()))) {
                raw.write(ByteBuffer.wrap(codec.encodeLine(Connect.current(false))));
                raw.write(ByteBuffer.wrap(codec.encodeLine(update)));
                List<String> lines = readLines(raw, 2);
                assertEquals("{\"connect_ack\":null}", lines.get(0));
                assertEquals(new Response.PermissionDenied(update), codec.decode(lines.get(1)));
            }
            // The Java client tells the same (or, when the runtime closed first, that the upload broke off).
            Exception refused = assertThrows(IOException.class, () -> client.update("mem", second, Optional.empty()));
            assertTrue(refused instanceof PermissionDeniedException || refused.getMessage().contains("aborted"),
                    refused.toString());
            try (Client again = Client.connect(URI.create("unix://" + config.console()), false, TIMEOUT)) {
                assertEquals(List.of(v1), again.list());
            }
            assertEquals(0, runtime.terminate());
        }
    }


    private static List<String> readLines(SocketChannel channel, int n) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        List<String> lines = new java.util.ArrayList<>();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (lines.size() < n) {
            one.clear();
            assertTrue(channel.read(one) > 0, "the runtime answers " + n + " lines: " + lines);
            if (one.get(0) == '\n') {
                lines.add(line.toString(java.nio.charset.StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(one.get(0));
            }
        }
        return lines;
    }
}
