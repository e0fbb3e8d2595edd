package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.console.Connect;
import io.northstar.console.ConsoleCodec;
import io.northstar.console.InstallResult;
import io.northstar.console.Request;
import io.northstar.console.Response;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Clients that try to make the runtime hold more and more (issue 11 item 4): many connections,
 * connections that never say connect or trickle it, clients that never read, installs with a size
 * beyond 2^63, uploads beyond a mem repository's capacity. What the runtime holds is measured in
 * its threads and memfds, never in wall-clock time; after each attack another client is served.
 */
class ExhaustionTest extends SharedRuntime {

    private static final int MAX_CONNECTIONS = 8;
    private static final ConsoleCodec CODEC = new ConsoleCodec();

    private Path root;

    @Override
    protected TestConfig configure() throws Exception {
        root = Host.tempRoot("exhaustion");
        return new TestConfig(root)
                .repository(TestConfig.Repo.mem("memory").capacitySize("1MiB"))
                .globalKey("max_connections = " + MAX_CONNECTIONS)
                .globalOption("connect_timeout = \"2s\"")
                .globalOption("idle_timeout = \"3s\"")
                .globalOption("max_outbox_size = \"64KiB\"")
                .globalOption("max_requests_per_sec = 1000000")
                .globalOption("npk_stream_timeout = \"30s\"");
    }

    /**
     * Another client is served. A slot is released when the closed connection's thread ends, a
     * moment after the client saw the close: a refusal in that moment is retried.
     */
    private void assertStillServing() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            assertTrue(runtime.isAlive(), "runtime alive");
            try (ConsoleSession other = ConsoleSession.connect(config.console(), false)) {
                assertTrue(other.request(new Request.List()) instanceof Response.List);
                return;
            } catch (AssertionError | IOException | ExecutionException e) {
                // A refused connection is reset; ConsoleSession's reader reports that as an ExecutionException.
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private int daemonThreads() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(runtime.pid()), "status")).stream()
                .filter(l -> l.startsWith("Threads:")).map(l -> Integer.parseInt(l.substring(8).trim()))
                .findFirst().orElseThrow();
    }

    private SocketChannel open() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(config.console()));
        return channel;
    }

    /** Reads until the runtime closes; the bytes read. Fails if it has not closed within 60 s. */
    private static long drainUntilClosed(SocketChannel channel) throws Exception {
        channel.configureBlocking(false);
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        long total = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (true) {
                buffer.clear();
                int n;
                try {
                    n = channel.read(buffer);
                } catch (IOException e) {
                    return total; // reset counts as closed
                }
                if (n < 0) {
                    return total;
                }
                total += n;
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the runtime did not close the connection (" + total + " bytes read)");
                }
                if (n == 0) {
                    selector.select(Math.max(1, left / 1_000_000));
                    selector.selectedKeys().clear();
                }
            }
        }
    }

    @Test
    void twoThousandConnectionsThatNeverSayConnectHoldAtMostMaxConnections() throws Exception {
        int before = daemonThreads();
        int mark = runtime.mark();
        List<SocketChannel> channels = new ArrayList<>();
        int most = before;
        try {
            for (int i = 0; i < 2000; i++) {
                channels.add(open());
                if (i % 50 == 0) {
                    most = Math.max(most, daemonThreads());
                }
            }
            most = Math.max(most, daemonThreads());
            // A connection is a reader and a writer thread; without the limit there were thousands.
            assertTrue(most <= before + 2 * MAX_CONNECTIONS + 2,
                    "runtime threads: " + before + " before, up to " + most + " with 2000 idle connections");
            // Every one is closed: the excess at once, the others at their connect deadline.
            for (SocketChannel channel : channels) {
                drainUntilClosed(channel);
            }
        } finally {
            for (SocketChannel channel : channels) {
                channel.close();
            }
        }
        runtime.awaitLog(mark, "max_connections \\(8\\) are open: closing new connections at once",
                Duration.ofSeconds(10));
        runtime.awaitLog(mark, "no connect message within 2000 ms of the accept \\(connect_timeout\\)",
                Duration.ofSeconds(10));
        assertStillServing();
        runtime.awaitLog(mark, "closed \\d+ connection\\(s\\) at once while max_connections \\(8\\) were open",
                Duration.ofSeconds(10));
    }

    /** The deadline counts from the accept: a connect line trickled byte by byte does not stretch it. */
    @Test
    void aTrickledConnectMessageMissesTheConnectDeadline() throws Exception {
        byte[] connect = CODEC.encodeLine(Connect.current(false));
        try (ConsoleSession console = ConsoleSession.open(config.console())) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread trickle = new Thread(() -> {
                try {
                    for (int i = 0; i < connect.length && !stop.get(); i++) {
                        console.sendRaw(new byte[] {connect[i]});
                        Thread.sleep(500);
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the runtime
                }
            });
            trickle.start();
            // The whole line would take over 30 s; the deadline is 2 s.
            assertTrue(console.closedByRuntime(), "closed before the trickled connect completed");
            stop.set(true);
            trickle.join();
        }
        assertStillServing();
    }

    @Test
    void anIdleConnectionIsClosedASubscriberIsNot() throws Exception {
        int mark = runtime.mark();
        try (ConsoleSession subscriber = ConsoleSession.connect(config.console(), true);
             ConsoleSession idle = ConsoleSession.connect(config.console(), false)) {
            assertTrue(idle.closedByRuntime(), "idle connection closed");
            runtime.awaitLog(mark, "no request within 3000 ms \\(idle_timeout\\)", Duration.ofSeconds(5));
            // The subscriber has been as idle as the closed one and is still served.
            assertTrue(subscriber.request(new Request.Repositories()) instanceof Response.Repositories);
        }
        // A client that keeps asking is never idle.
        try (ConsoleSession busy = ConsoleSession.connect(config.console(), false)) {
            for (int i = 0; i < 5; i++) {
                assertTrue(busy.request(new Request.List()) instanceof Response.List);
                Thread.sleep(1000);
            }
        }
        assertStillServing();
    }

    /** Pipelined requests from a client that never reads: the queued answers are bounded. */
    @Test
    void aClientThatNeverReadsItsResponsesIsClosed() throws Exception {
        int mark = runtime.mark();
        int requests = 20_000;
        byte[] line = CODEC.encodeLine(new Request.Repositories());
        ByteBuffer all = ByteBuffer.allocate(line.length * requests);
        for (int i = 0; i < requests; i++) {
            all.put(line);
        }
        all.flip();
        try (SocketChannel channel = open()) {
            channel.write(ByteBuffer.wrap(CODEC.encodeLine(Connect.current(false))));
            try {
                while (all.hasRemaining()) {
                    channel.write(all);
                }
            } catch (IOException e) {
                // the runtime closed the connection while we were still sending
            }
            long received = drainUntilClosed(channel);
            long oneResponse = CODEC.encodeLine(new Response.Repositories(java.util.Set.of("memory"))).length;
            assertTrue(received < requests * oneResponse, "closed after " + received + " bytes of answers, not all "
                    + requests * oneResponse);
        }
        runtime.awaitLog(mark, "more would exceed max_outbox_size 65536", Duration.ofSeconds(10));
        assertStillServing();
    }

    /** Notifications for a subscriber that never reads: it is dropped, the one who installs is not. */
    @Test
    void aSubscriberThatNeverReadsIsDroppedWhileNotificationsFlow() throws Exception {
        int mark = runtime.mark();
        byte[] npk = TestNpks.hello();
        Container hello = Container.parse("hello:0.0.2");
        int cycles = 0;
        try (SocketChannel subscriber = open()) {
            subscriber.write(ByteBuffer.wrap(CODEC.encodeLine(Connect.current(true))));
            try (ConsoleSession busy = ConsoleSession.connect(config.console(), false)) {
                while (!runtime.logged(mark, "lagged notifications|max_outbox_size") && cycles < 20_000) {
                    assertEquals(new Response.Install(new InstallResult.Ok(hello)), busy.install("memory", npk));
                    assertTrue(busy.request(new Request.Uninstall(hello, false)) instanceof Response.Uninstall);
                    cycles++;
                }
            }
            assertTrue(runtime.logged(mark, "lagged notifications|max_outbox_size"),
                    "the subscriber is dropped (" + cycles + " install and uninstall cycles)");
            drainUntilClosed(subscriber);
        }
        assertStillServing();
    }

    @Test
    void anInstallSizeOf2To63OrMoreIsRefused() throws Exception {
        for (String size : List.of("18446744073709551615", "9223372036854775808")) {
            int mark = runtime.mark();
            try (ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
                console.sendRaw(("{\"request\":{\"install\":{\"repository\":\"memory\",\"size\":" + size + "}}}\n")
                        .getBytes(StandardCharsets.UTF_8));
                assertTrue(console.closedByRuntime(), "install of " + size + " bytes closes the connection");
            }
            runtime.awaitLog(mark, "install of " + size + " bytes exceeds max_npk_install_size", Duration.ofSeconds(10));
        }
        assertStillServing();
    }

    /**
     * capacity_size is 1 MiB: 24 of 32 MiB sent, the runtime must not hold more than the capacity
     * in memfds while the rest is still to come.
     */
    @Test
    void aMemUploadBeyondTheCapacityIsCutOffWhileItArrives() throws Exception {
        long size = 32L << 20;
        try (ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
            console.send(new Request.Install("memory", size));
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < 24; i++) {
                console.sendRaw(chunk);
            }
            // The kernel buffers hold a few MiB at most: the runtime has read at least 16 MiB by now.
            long biggest = biggestMemfd();
            assertTrue(biggest <= (1L << 20), "the runtime holds a memfd of " + biggest + " bytes");
            for (int i = 24; i < 32; i++) {
                console.sendRaw(chunk);
            }
            Response response = console.response();
            assertTrue(response instanceof Response.Install install && install.result() instanceof InstallResult.Err,
                    "install refused: " + response);
            assertTrue(response.toString().contains("capacity"), response.toString());
        }
        assertTrue(biggestMemfd() <= (1L << 20));
        assertStillServing();
    }

    private long biggestMemfd() throws IOException {
        long biggest = 0;
        try (var fds = Files.list(Path.of("/proc", Long.toString(runtime.pid()), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("/memfd:northstar:memory")) {
                        biggest = Math.max(biggest, Files.size(fd));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return biggest;
    }

    /** The limit counts open connections: as many as allowed are served at once, and again after they close. */
    @Test
    void maxConnectionsAreServedAtOnce() throws Exception {
        int mark = runtime.mark();
        for (int round = 0; round < 3; round++) {
            assertStillServing(); // also waits until the slots of the previous round are released
            List<ConsoleSession> sessions = new ArrayList<>();
            try {
                for (int i = 0; i < MAX_CONNECTIONS; i++) {
                    sessions.add(ConsoleSession.connect(config.console(), false));
                }
                for (ConsoleSession session : sessions) {
                    assertTrue(session.request(new Request.Ident()) instanceof Response.Ident);
                }
                try (ConsoleSession oneTooMany = ConsoleSession.open(config.console())) {
                    assertTrue(oneTooMany.closedByRuntime(), "connection " + (MAX_CONNECTIONS + 1) + " refused");
                }
                runtime.awaitLog(mark, "max_connections \\(8\\) are open: closing new connections at once",
                        Duration.ofSeconds(10));
                mark = runtime.mark();
            } finally {
                for (ConsoleSession session : sessions) {
                    session.close();
                }
            }
        }
    }
}
