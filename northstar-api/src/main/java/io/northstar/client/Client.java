package io.northstar.client;

import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.common.NonNulString;
import io.northstar.console.ConnectAck;
import io.northstar.console.ConnectNack;
import io.northstar.console.Connect;
import io.northstar.console.ConsoleCodec;
import io.northstar.console.ConsoleDecodingException;
import io.northstar.console.ContainerData;
import io.northstar.console.ContainerResult;
import io.northstar.console.InspectResult;
import io.northstar.console.InstallResult;
import io.northstar.console.LineReader;
import io.northstar.console.LogLine;
import io.northstar.console.LogsResult;
import io.northstar.console.Message;
import io.northstar.console.Notification;
import io.northstar.console.Request;
import io.northstar.console.Response;
import io.northstar.console.Token;
import io.northstar.console.UpdateResult;
import io.northstar.console.VerificationResult;
import io.northstar.manifest.ConsolePermission;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A blocking client of the Northstar console (TCP or Unix socket).
 *
 * <p>Notifications that arrive while the client waits for a response are never
 * dropped: they go to the listener set with {@link #setNotificationListener}
 * (called on the thread that is reading) or, without a listener, into a queue
 * read by {@link #pollNotification()} and {@link #awaitNotification(Duration)}.
 *
 * <p>Every read waits at most the timeout given to {@link #connect}. After a
 * timeout, a transport error or a protocol violation the client closes itself:
 * a late response would otherwise be taken as the answer to the next request.
 * Refusals ({@link PermissionDeniedException}, {@link RequestFailedException})
 * leave the connection usable. Methods are synchronized; one request is in
 * flight at a time, as the runtime processes them one by one anyway.
 */
public final class Client implements Closeable {
    private static final int NPK_CHUNK = 64 * 1024;
    private static final Duration FOLLOW_WAIT = Duration.ofSeconds(60);

    private final ConsoleCodec codec = new ConsoleCodec();
    private final SocketTransport transport;
    private final LineReader lines;
    private final Duration timeout;
    private final ArrayDeque<Notification> queue = new ArrayDeque<>();
    private final WireTap tap;
    private Consumer<Notification> listener;
    private boolean closed;
    private boolean subscribed;

    /** Sees every line sent and received, as it is on the wire (without the newline). */
    public interface WireTap {
        WireTap NONE = new WireTap() {
            @Override
            public void sent(String line) {
            }

            @Override
            public void received(String line) {
            }
        };

        void sent(String line);

        void received(String line);
    }

    private Client(SocketTransport transport, Duration timeout, WireTap tap) {
        this.transport = transport;
        this.lines = LineReader.unlimited(transport.input());
        this.timeout = timeout;
        this.tap = tap;
    }

    /**
     * Connects to {@code tcp://host[:port]} or {@code unix:///path} and performs the
     * handshake with this implementation's API version.
     *
     * @param subscribeNotifications ask for notifications (needs the {@code notifications} permission)
     * @param timeout                limit for connecting and for each wait for a response
     * @throws ConnectRejectedException the runtime answered {@code connect_nack}
     */
    public static Client connect(URI url, boolean subscribeNotifications, Duration timeout) throws IOException {
        return connect(url, subscribeNotifications, timeout, WireTap.NONE);
    }

    /** As {@link #connect(URI, boolean, Duration)}, showing every line exchanged (handshake included) to {@code tap}. */
    public static Client connect(URI url, boolean subscribeNotifications, Duration timeout, WireTap tap)
            throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(tap, "tap");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        ConsoleAddress address = ConsoleAddress.parse(url);
        Client client = new Client(SocketTransport.connect(address, timeout), timeout, tap);
        try {
            client.handshake(Connect.current(subscribeNotifications));
            client.subscribed = subscribeNotifications;
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private void handshake(Connect connect) throws IOException {
        send(connect);
        Message reply = receive("the connect reply");
        switch (reply) {
            case ConnectAck ack -> {
                return;
            }
            case ConnectNack nack -> throw new ConnectRejectedException(nack);
            default -> throw new ProtocolViolationException("expected connect_ack or connect_nack, received "
                    + codec.encode(reply));
        }
    }

    /**
     * Delivers notifications to {@code listener} from now on, first those already queued.
     * The listener runs on the thread that called the client; {@code null} switches back to the queue.
     */
    public synchronized void setNotificationListener(Consumer<Notification> listener) {
        this.listener = listener;
        if (listener != null) {
            while (!queue.isEmpty()) {
                listener.accept(queue.poll());
            }
        }
    }

    /** A notification received earlier, without touching the socket. */
    public synchronized Optional<Notification> pollNotification() {
        return Optional.ofNullable(queue.poll());
    }

    /**
     * The next notification: a queued one, or the next one read from the socket
     * within {@code wait}. Empty when none arrives in time (the connection stays usable).
     */
    public synchronized Optional<Notification> awaitNotification(Duration wait) throws IOException {
        if (!queue.isEmpty()) {
            return Optional.of(queue.poll());
        }
        ensureOpen();
        long deadline = System.nanoTime() + wait.toNanos();
        transport.readDeadline(deadline);
        while (true) {
            byte[] line;
            try {
                line = lines.readLine();
            } catch (SocketTimeoutException e) {
                // Nothing was consumed, so the stream is still in sync.
                return Optional.empty();
            } catch (IOException e) {
                throw fail(e);
            }
            if (line == null) {
                throw fail(new EOFException("console connection closed by the runtime"));
            }
            Message m = decode(line);
            if (!(m instanceof Notification n)) {
                throw fail(new ProtocolViolationException("unexpected message while no request is pending: "
                        + codec.encode(m)));
            }
            if (listener == null) {
                return Optional.of(n);
            }
            listener.accept(n);
        }
    }

    /**
     * Sends a request and returns its response, delivering notifications that arrive before it.
     *
     * @throws PermissionDeniedException the connection lacks the request's permission
     */
    public synchronized Response request(Request request) throws IOException {
        if (request.requiredPermission() == ConsolePermission.INSTALL
                || request.requiredPermission() == ConsolePermission.UPDATE) {
            // The NPK bytes must follow the line; a bare install line would stall the runtime.
            throw new IllegalArgumentException("an " + request.toJson().fieldNames().next()
                    + " request carries NPK bytes: use install(...) or update(...)");
        }
        ensureOpen();
        send(request);
        return awaitResponse(request);
    }

    /** Sends {@code request} (install or update) with the {@code size} NPK bytes after it; its answer within {@code wait}. */
    private Response uploadAndAwait(Request request, InputStream npk, long size, Duration wait) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        ensureOpen();
        upload(request, npk, size);
        try {
            return awaitResponse(request, wait);
        } catch (PermissionDeniedException e) {
            // The runtime does not drain the NPK bytes after a refusal; it reads them as lines and
            // closes the connection, so this connection is finished either way.
            throw fail(e);
        } catch (SocketTimeoutException | ClientException e) {
            throw e;
        } catch (IOException e) {
            throw installAborted(e, size);
        }
    }

    private Response awaitResponse(Request request) throws IOException {
        return awaitResponse(request, timeout);
    }

    private Response awaitResponse(Request request, Duration wait) throws IOException {
        Response response = receiveResponse(request, wait);
        if (response instanceof Response.PermissionDenied denied) {
            throw new PermissionDeniedException(denied.request());
        }
        return response;
    }

    /** The connection's identity: {@code extern:0.0.0} on the global console, else the container. */
    public Container ident() throws IOException {
        return expect(new Request.Ident(), Response.Ident.class).container();
    }

    /** All installed containers of all repositories. */
    public List<Container> list() throws IOException {
        return expect(new Request.List(), Response.List.class).containers();
    }

    public Set<String> repositories() throws IOException {
        return expect(new Request.Repositories(), Response.Repositories.class).repositories();
    }

    public ContainerData inspect(Container container) throws IOException {
        Request request = new Request.Inspect(container);
        return switch (expect(request, Response.Inspect.class).result()) {
            case InspectResult.Ok ok -> ok.data();
            case InspectResult.Err err -> throw new RequestFailedException(request, err.error());
        };
    }

    /** Starts a container with its manifest's init, args and env. */
    public void start(Container container) throws IOException {
        Request.Start request = new Request.Start(container);
        check(request, expect(request, Response.Start.class).result());
    }

    /**
     * Starts a container with an init, arguments or environment of the caller's choice
     * (needs the {@code start_command} permission as soon as one of them is given).
     */
    public void start(Container container, Optional<NonNulString> init, List<NonNulString> arguments,
                      Map<NonNulString, NonNulString> environment) throws IOException {
        Request.Start request = new Request.Start(container, init, arguments, environment);
        check(request, expect(request, Response.Start.class).result());
    }

    /** Sends {@code signal} to the container's process group; the exit arrives as a notification. */
    public void kill(Container container, int signal) throws IOException {
        Request request = new Request.Kill(container, signal);
        check(request, expect(request, Response.Kill.class).result());
    }

    /**
     * Uploads an NPK: the request line, then exactly {@code size} bytes of {@code npk}.
     *
     * @return the installed container
     * @throws EOFException {@code npk} ended before {@code size} bytes, or the runtime closed the
     *                      connection (as it does for a size over its limit); the client is closed
     * @throws PermissionDeniedException no {@code install} permission; the client is closed, because
     *                      the runtime leaves the NPK bytes on the stream and then drops the connection
     */
    public synchronized Container install(String repository, InputStream npk, long size) throws IOException {
        Request request = new Request.Install(repository, size);
        Response response = uploadAndAwait(request, npk, size, timeout);
        return switch (cast(request, response, Response.Install.class).result()) {
            case InstallResult.Ok ok -> ok.container();
            case InstallResult.Err err -> throw new RequestFailedException(request, err.error());
        };
    }

    /**
     * Replaces the installed version of the NPK's container by the NPK's newer version (an extension of this
     * runtime, docs/protocol.md, "Updating a container"); the runtime rolls back when the new version fails to
     * start or exits unsuccessfully within the health window. The steps arrive as {@code update}
     * notifications on a subscribed client while this waits. The answer may take the health window and the
     * stop of both versions: this waits for it up to the client's timeout plus {@code healthWindow} (one
     * minute when empty) plus half a minute.
     *
     * @param healthWindow overrides the runtime's {@code update_health_window} when present
     * @return {@link UpdateResult.Updated} or {@link UpdateResult.RolledBack}
     * @throws RequestFailedException the runtime refused the update (nothing changed)
     * @throws PermissionDeniedException no {@code update} permission; the client is closed as after install
     */
    public synchronized UpdateResult update(String repository, InputStream npk, long size,
            Optional<Duration> healthWindow) throws IOException {
        Request request = new Request.Update(repository, size, healthWindow.map(Duration::toMillis));
        Duration wait = timeout.plus(healthWindow.orElse(Duration.ofMinutes(1))).plus(Duration.ofSeconds(30));
        Response response = uploadAndAwait(request, npk, size, wait);
        UpdateResult result = cast(request, response, Response.Update.class).result();
        return switch (result) {
            case UpdateResult.Err err -> throw new RequestFailedException(request, err.error());
            case UpdateResult.Updated u -> u;
            case UpdateResult.RolledBack r -> r;
        };
    }

    /** Uploads the NPK file at {@code npk} as an update. */
    public UpdateResult update(String repository, Path npk, Optional<Duration> healthWindow) throws IOException {
        try (InputStream in = Files.newInputStream(npk)) {
            return update(repository, in, Files.size(npk), healthWindow);
        }
    }

    /** The request line, then exactly {@code size} bytes of {@code npk}. */
    private void upload(Request request, InputStream npk, long size) throws IOException {
        send(request);
        byte[] chunk = new byte[NPK_CHUNK];
        long sent = 0;
        while (sent < size) {
            int n;
            try {
                n = npk.read(chunk, 0, (int) Math.min(chunk.length, size - sent));
            } catch (IOException e) {
                throw fail(e);
            }
            if (n < 0) {
                throw fail(new EOFException("NPK stream ended after " + sent + " of " + size + " bytes"));
            }
            try {
                transport.write(ByteBuffer.wrap(chunk, 0, n), timeout);
            } catch (SocketTimeoutException e) {
                throw fail(e);
            } catch (IOException e) {
                throw fail(installAborted(e, size));
            }
            sent += n;
        }
    }

    // A connection dropped during an install most likely means the runtime's size limit.
    private static IOException installAborted(IOException e, long size) {
        String message = "install aborted: " + e.getMessage() + " (the runtime closes the connection without a"
                + " response when " + size + " bytes exceed its max_npk_install_size)";
        IOException wrapped = e instanceof EOFException ? new EOFException(message) : new IOException(message);
        wrapped.initCause(e);
        return wrapped;
    }

    /** Uploads the NPK file at {@code npk}. */
    public Container install(String repository, Path npk) throws IOException {
        try (InputStream in = Files.newInputStream(npk)) {
            return install(repository, in, Files.size(npk));
        }
    }

    /**
     * The kept output lines of {@code container}, oldest first: the last {@code tail} of them, all when
     * empty (an extension of this runtime, needs the {@code logs} permission; docs/protocol.md,
     * "Container logs"). The text is the container's: escape it before showing it on a terminal.
     */
    public List<LogLine> logs(Container container, OptionalLong tail) throws IOException {
        Request.Logs request = new Request.Logs(container, tail, false);
        return logsOk(request, expect(request, Response.Logs.class).result()).lines();
    }

    /** Receives a followed container log (see {@link #followLogs}); runs on the calling thread. */
    public interface LogListener {
        /** A line; false stops following. */
        boolean line(Container container, LogLine line);

        /** {@code count} lines were dropped here by the runtime because this client read too slowly. */
        default void skipped(Container container, long count) {
        }
    }

    /**
     * Gives {@code listener} the last {@code tail} kept lines of {@code container} (all when empty), then
     * every new line until the container's run ends, and returns then. When the container is not running
     * it returns after the kept lines. When the listener returns false the follow is stopped (with a
     * second logs request, which ends it in the runtime) and this returns. Notifications of other kinds
     * that arrive meanwhile go to the listener or queue as usual. Waits for lines without a timeout.
     */
    public synchronized void followLogs(Container container, OptionalLong tail, LogListener listener) throws IOException {
        Request.Logs request = new Request.Logs(container, tail, true);
        LogsResult.Ok ok = logsOk(request, expect(request, Response.Logs.class).result());
        for (LogLine line : ok.lines()) {
            if (!listener.line(container, line)) {
                if (ok.follow()) {
                    stopFollowing(container);
                }
                return;
            }
        }
        if (!ok.follow()) {
            return;
        }
        while (true) {
            // A container may be quiet for hours: no timeout, but a bounded wait per read.
            transport.readDeadline(System.nanoTime() + FOLLOW_WAIT.toNanos());
            byte[] bytes;
            try {
                bytes = lines.readLine();
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                throw fail(e);
            }
            if (bytes == null) {
                throw fail(new EOFException("console connection closed by the runtime while following " + container));
            }
            Message m = decode(bytes);
            if (!(m instanceof Notification n)) {
                throw fail(new ProtocolViolationException("unexpected message while following " + container + ": "
                        + codec.encode(m)));
            }
            switch (n) {
                case Notification.Log log when log.container().equals(container) -> {
                    if (log.skipped() > 0) {
                        listener.skipped(container, log.skipped());
                    }
                    if (!listener.line(container, log.line())) {
                        stopFollowing(container);
                        return;
                    }
                }
                case Notification.LogEnd end when end.container().equals(container) -> {
                    if (end.skipped() > 0) {
                        listener.skipped(container, end.skipped());
                    }
                    return;
                }
                default -> deliver(n);
            }
        }
    }

    /** Ends the follow with an empty logs request; what was still on its way of the container is dropped. */
    private void stopFollowing(Container container) throws IOException {
        Request.Logs stop = new Request.Logs(container, OptionalLong.of(0), false);
        send(stop);
        while (true) {
            Message m = receive("the response to " + stop.toJson());
            if (m instanceof Response.Logs) {
                return;
            }
            switch (m) {
                case Notification.Log log when log.container().equals(container) -> {
                }
                case Notification.LogEnd end when end.container().equals(container) -> {
                }
                case Notification n -> deliver(n);
                default -> throw fail(new ProtocolViolationException("expected a response to " + stop.toJson()
                        + ", received " + codec.encode(m)));
            }
        }
    }

    private LogsResult.Ok logsOk(Request request, LogsResult result) throws RequestFailedException {
        return switch (result) {
            case LogsResult.Ok ok -> ok;
            case LogsResult.Err err -> throw new RequestFailedException(request, err.error());
        };
    }

    /** Uninstalls a container (unmounting it first); {@code wipe} also removes its data directory. */
    public void uninstall(Container container, boolean wipe) throws IOException {
        Request request = new Request.Uninstall(container, wipe);
        check(request, expect(request, Response.Uninstall.class).result());
    }

    /** Mounts one container. */
    public void mount(Container container) throws IOException {
        Request request = new Request.Mount(List.of(container));
        checkAll(request, expect(request, Response.Mount.class).results());
    }

    /** Mounts containers; one result per container in request order, errors included. */
    public List<ContainerResult> mountAll(Collection<Container> containers) throws IOException {
        return expect(new Request.Mount(List.copyOf(containers)), Response.Mount.class).results();
    }

    /** Unmounts one container. */
    public void umount(Container container) throws IOException {
        Request request = new Request.Umount(List.of(container));
        checkAll(request, expect(request, Response.Umount.class).results());
    }

    /** Unmounts containers; one result per container in request order, errors included. */
    public List<ContainerResult> umountAll(Collection<Container> containers) throws IOException {
        return expect(new Request.Umount(List.copyOf(containers)), Response.Umount.class).results();
    }

    /** Asks the runtime to shut down; it closes the connection afterwards. */
    public void shutdown() throws IOException {
        expect(new Request.Shutdown(), Response.Shutdown.class);
    }

    /** A token proving this connection's identity to {@code target}. */
    public Token createToken(Name target, byte[] shared) throws IOException {
        return expect(new Request.TokenCreate(target, shared), Response.TokenCreated.class).token();
    }

    /** Checks a token that {@code user} created for this connection's identity. */
    public VerificationResult verifyToken(Token token, Name user, byte[] shared) throws IOException {
        return expect(new Request.TokenVerify(token, user, shared), Response.TokenVerification.class).result();
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            transport.close();
        }
    }

    /**
     * True once this client is closed, or once the runtime has closed a connection that is not
     * subscribed to notifications (as it does after its {@code idle_timeout}): between requests such
     * a connection receives nothing, so anything readable is the end of the stream. Checked without
     * blocking; a long-lived user (nstar's shell) reconnects instead of failing its next request.
     */
    public synchronized boolean isClosed() throws IOException {
        if (!closed && !subscribed && transport.readable()) {
            close();
        }
        return closed;
    }

    private <T extends Response> T expect(Request request, Class<T> type) throws IOException {
        return cast(request, request(request), type);
    }

    private <T extends Response> T cast(Request request, Response response, Class<T> type) throws IOException {
        if (!type.isInstance(response)) {
            throw fail(new ProtocolViolationException("the runtime answered " + request.toJson() + " with "
                    + codec.encode(response)));
        }
        return type.cast(response);
    }

    private static void check(Request request, ContainerResult result) throws RequestFailedException {
        Optional<io.northstar.console.ConsoleError> failure = result.failure();
        if (failure.isPresent()) {
            throw new RequestFailedException(request, failure.get());
        }
    }

    private static void checkAll(Request request, List<ContainerResult> results) throws RequestFailedException {
        for (ContainerResult r : results) {
            check(request, r);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new ClientException("console client is closed");
        }
    }

    private void send(Message message) throws IOException {
        try {
            byte[] line = codec.encodeLine(message);
            tap.sent(new String(line, 0, line.length - 1, StandardCharsets.UTF_8));
            transport.write(ByteBuffer.wrap(line), timeout);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** Reads until a response arrives, handing notifications on. */
    private Response receiveResponse(Request request, Duration wait) throws IOException {
        while (true) {
            Message m = receive("the response to " + request.toJson(), wait);
            switch (m) {
                case Notification n -> deliver(n);
                case Response r -> {
                    return r;
                }
                default -> throw fail(new ProtocolViolationException("expected a response to " + request.toJson()
                        + ", received " + codec.encode(m)));
            }
        }
    }

    private Message receive(String what) throws IOException {
        return receive(what, timeout);
    }

    private Message receive(String what, Duration wait) throws IOException {
        transport.readDeadline(System.nanoTime() + wait.toNanos());
        byte[] line;
        try {
            line = lines.readLine();
        } catch (SocketTimeoutException e) {
            SocketTimeoutException t = new SocketTimeoutException("no " + what + " within " + wait
                    + "; client closed");
            t.initCause(e);
            throw fail(t);
        } catch (IOException e) {
            throw fail(e);
        }
        if (line == null) {
            throw fail(new EOFException("console connection closed by the runtime while waiting for " + what));
        }
        return decode(line);
    }

    private Message decode(byte[] line) throws IOException {
        tap.received(new String(line, StandardCharsets.UTF_8));
        try {
            return codec.decode(line);
        } catch (ConsoleDecodingException e) {
            throw fail(new ProtocolViolationException("undecodable line from the runtime: " + e.getMessage(), e));
        }
    }

    private void deliver(Notification n) {
        if (listener != null) {
            listener.accept(n);
        } else {
            queue.add(n);
        }
    }

    private <E extends IOException> E fail(E e) {
        try {
            close();
        } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
        }
        return e;
    }
}
