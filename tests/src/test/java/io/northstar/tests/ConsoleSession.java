package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.console.ConnectAck;
import io.northstar.console.Connect;
import io.northstar.console.ConsoleCodec;
import io.northstar.console.LineReader;
import io.northstar.console.Message;
import io.northstar.console.Notification;
import io.northstar.console.Request;
import io.northstar.console.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A console connection at the wire level, for tests that need to send what no well-behaved client
 * sends (over-long lines, broken JSON, truncated install streams) and to see exactly what comes back.
 */
public final class ConsoleSession implements AutoCloseable {

    private final SocketChannel channel;
    private final LineReader reader;
    private final ConsoleCodec codec = new ConsoleCodec();
    private final List<Notification> notifications = new ArrayList<>();
    private final ExecutorService readerThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "console-session-reader");
        t.setDaemon(true);
        return t;
    });

    private ConsoleSession(SocketChannel channel) {
        this.channel = channel;
        InputStream in = Channels.newInputStream(channel);
        this.reader = LineReader.unlimited(in);
    }

    /** Opens the socket without sending anything. */
    public static ConsoleSession open(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return new ConsoleSession(channel);
    }

    /** A new connection to {@code socket} is served: its list request is answered. */
    public static void assertServes(Path socket) throws Exception {
        try (ConsoleSession console = connect(socket, false)) {
            assertTrue(console.request(new Request.List()) instanceof Response.List);
        }
    }

    /** Opens and completes the handshake. */
    public static ConsoleSession connect(Path socket, boolean subscribe) throws Exception {
        ConsoleSession session = open(socket);
        session.send(Connect.current(subscribe));
        Message answer = session.next();
        if (!(answer instanceof ConnectAck)) {
            session.close();
            throw new AssertionError("expected connect_ack, got " + answer);
        }
        return session;
    }

    public void send(Message message) throws IOException {
        sendRaw(codec.encodeLine(message));
    }

    public void sendRaw(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** The next line as a message; fails after 60 s. Null if the runtime closed the connection. */
    public Message next() throws Exception {
        byte[] line = nextLine();
        return line == null ? null : codec.decode(line);
    }

    private byte[] nextLine() throws Exception {
        Future<byte[]> line = readerThread.submit(reader::readLine);
        try {
            return line.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            line.cancel(true);
            throw new AssertionError("no line from the runtime within 60 s");
        }
    }

    /** Sends a request and returns its response; notifications in between are kept. */
    public Response request(Request request) throws Exception {
        send(request);
        return response();
    }

    /** Install: the request line, then exactly the NPK bytes. */
    public Response install(String repository, byte[] npk) throws Exception {
        send(new Request.Install(repository, npk.length));
        sendRaw(npk);
        return response();
    }

    public Response response() throws Exception {
        while (true) {
            Message message = next();
            if (message == null) {
                throw new AssertionError("the runtime closed the connection instead of responding");
            }
            switch (message) {
                case Notification notification -> notifications.add(notification);
                case Response response -> {
                    return response;
                }
                default -> throw new AssertionError("unexpected message " + message);
            }
        }
    }

    /** Notifications received so far (while waiting for responses, or by {@link #awaitNotification()}). */
    public List<Notification> notifications() {
        return List.copyOf(notifications);
    }

    /** The notification at {@code index} if already received, else the next one from the stream. */
    public Notification awaitNotificationOrKept(int index) throws Exception {
        while (notifications.size() <= index) {
            awaitNotification();
        }
        return notifications.get(index);
    }

    public Notification awaitNotification() throws Exception {
        Message message = next();
        if (!(message instanceof Notification notification)) {
            throw new AssertionError("expected a notification, got " + message);
        }
        notifications.add(notification);
        return notification;
    }

    /** True when the runtime closed the connection (end of stream) without sending anything more. */
    public boolean closedByRuntime() throws Exception {
        try {
            return nextLine() == null;
        } catch (java.util.concurrent.ExecutionException e) {
            // A reset connection counts as closed as well.
            return e.getCause() instanceof IOException;
        }
    }

    @Override
    public void close() throws IOException {
        readerThread.shutdownNow();
        channel.close();
    }
}
