package io.northstar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.northstar.console.LineReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection console peer for client tests: it runs a script of expected
 * request lines and canned reply lines (taken from the spec) over a real socket.
 */
final class FakeConsole implements AutoCloseable {
    interface Script {
        void run(Peer peer) throws Exception;
    }

    /** The server end of the accepted connection. */
    static final class Peer {
        final LineReader in;
        private final OutputStream out;

        Peer(SocketChannel channel) {
            this.in = new LineReader(Channels.newInputStream(channel), LineReader.DEFAULT_MAX_REQUEST_SIZE);
            this.out = Channels.newOutputStream(channel);
        }

        /** Asserts the next line the client sent, byte for byte. */
        void expect(String line) throws IOException {
            byte[] got = in.readLine();
            assertEquals(line, got == null ? "<end of stream>" : new String(got, StandardCharsets.UTF_8));
        }

        void send(String... lines) throws IOException {
            for (String l : lines) {
                out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        }

        /** Expects the client's {@code list} request and answers it with {@code containers}. */
        void answerList(String... containers) throws IOException {
            expect("{\"request\":\"list\"}");
            StringJoiner list = new StringJoiner("\",\"", "[\"", "\"]").setEmptyValue("[]");
            Arrays.stream(containers).forEach(list::add);
            send("{\"response\":{\"list\":" + list + "}}");
        }

        /** Bytes without a line terminator, e.g. the first half of a line. */
        void sendRaw(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** The connect handshake of a client of this implementation. */
        void accept(boolean subscribe) throws IOException {
            expect("{\"connect\":{\"version\":\"0.9.3\",\"subscribe_notifications\":" + subscribe + "}}");
            send("{\"connect_ack\":null}");
        }

        byte[] readRaw(int n) throws IOException {
            byte[] b = new byte[n];
            int got = 0;
            while (got < n) {
                int k = in.read(b, got, n - got);
                if (k < 0) {
                    return Arrays.copyOf(b, got);
                }
                got += k;
            }
            return b;
        }
    }

    private final ServerSocketChannel server;
    private final URI url;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final Future<?> done;

    private FakeConsole(ServerSocketChannel server, URI url, Script script) {
        this.server = server;
        this.url = url;
        this.done = executor.submit(() -> {
            try (SocketChannel c = server.accept()) {
                script.run(new Peer(c));
            }
            return null;
        });
    }

    static FakeConsole tcp(Script script) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.INET);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = ((InetSocketAddress) s.getLocalAddress()).getPort();
        return new FakeConsole(s, URI.create("tcp://127.0.0.1:" + port), script);
    }

    static FakeConsole unix(Path socket, Script script) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket));
        return new FakeConsole(s, URI.create("unix://" + socket.toAbsolutePath()), script);
    }

    URI url() {
        return url;
    }

    /** Waits for the script to finish and rethrows its failure (e.g. an unexpected request line). */
    void finish() throws Exception {
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error err) {
                throw err;
            }
            throw cause instanceof Exception ex ? ex : e;
        }
    }

    @Override
    public void close() throws IOException {
        done.cancel(true);
        executor.shutdownNow();
        server.close();
    }
}
