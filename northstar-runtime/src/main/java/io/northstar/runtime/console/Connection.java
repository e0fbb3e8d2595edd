package io.northstar.runtime.console;

import io.northstar.common.Container;
import io.northstar.console.ApiVersion;
import io.northstar.console.ConnectAck;
import io.northstar.console.ConnectNack;
import io.northstar.console.Connect;
import io.northstar.console.ConsoleCodec;
import io.northstar.console.ConsoleDecodingException;
import io.northstar.console.InstallResult;
import io.northstar.console.LogsResult;
import io.northstar.console.LineReader;
import io.northstar.console.Message;
import io.northstar.console.Request;
import io.northstar.console.Response;
import io.northstar.console.UpdateResult;
import io.northstar.manifest.ConsolePermission;
import io.northstar.runtime.repository.RepositoryException;
import io.northstar.runtime.repository.Staged;
import io.northstar.runtime.repository.Staging;
import io.northstar.runtime.update.ReceivedNpk;
import io.northstar.runtime.update.Updater;
import io.northstar.console.ConsoleError;
import io.northstar.console.Notification;
import io.northstar.runtime.state.Caller;
import io.northstar.runtime.state.ErrorText;
import io.northstar.runtime.state.Event;
import io.northstar.runtime.state.EventLoop;
import io.northstar.runtime.state.Outcome;
import io.northstar.runtime.state.Subscriber;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One console connection on its own thread (docs/protocol.md, "Connecting", "Requests", "Installing an NPK"):
 * handshake, permission check, one request at a time, install streams. It never touches container state; every request
 * is an {@link Event} for the loop. Any input error closes just this connection, without a word.
 */
final class Connection implements Runnable, Subscriber {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    /**
     * The NPK bytes of an install move through a direct buffer of this size (native memory, kept
     * by a connection after its first install): 256 KiB takes a full socket buffer per read.
     */
    private static final int INSTALL_CHUNK = 1 << 18;

    /** The connection ends without a response. */
    static final class Closed extends Exception {
        Closed(String why) {
            super(why);
        }
    }

    private final SocketChannel channel;
    private final String peer;
    /** The container of a container console; empty on the global console. */
    private final Optional<Container> container;
    private final Set<ConsolePermission> permissions;
    private final ConnectionOptions options;
    private final EventLoop loop;
    private final ConsoleCodec codec;
    /** Who asks: the identity the state machine decides this connection's requests for. */
    private final Caller caller;
    private final Updater updater;
    private final Runnable onClose;
    private final Runnable onShutdown;
    /** System.nanoTime() of the accept: the connect message is due connect_timeout later. */
    private final long acceptedAt;
    private final AtomicBoolean closed = new AtomicBoolean();
    private ChannelInput input;
    /** Direct, for the NPK bytes of installs; allocated at the first. */
    private ByteBuffer installBuffer;
    private Outbox outbox;
    private boolean subscribed;
    private boolean handshakeDone;
    /**
     * Notifications published while a request of this connection is being handled wait here until its
     * response is queued: as in Northstar, the response comes before the notifications it caused, so a
     * client may read the next line after a request as its response. Null when no request is in flight.
     * Guarded by {@code this}: the loop thread offers, the connection thread releases.
     */
    private List<byte[]> held;
    /** This connection asked for an update: it takes the {@code update} notifications. Guarded by {@code this}. */
    private boolean updates;
    /** The container log this connection follows (at most one), and one its current request registered. */
    private LogFollow follow;
    private LogFollow pendingFollow;

    Connection(SocketChannel channel, String peer, Set<ConsolePermission> permissions, ConnectionOptions options, EventLoop loop,
            ConsoleCodec codec, Updater updater, Runnable onClose, Runnable onShutdown) {
        this(channel, peer, Optional.empty(), permissions, options, loop, codec, updater, onClose, onShutdown);
    }

    /** A connection from inside {@code container} (docs/protocol.md, "Container consoles") when present. */
    Connection(SocketChannel channel, String peer, Optional<Container> container, Set<ConsolePermission> permissions,
            ConnectionOptions options, EventLoop loop, ConsoleCodec codec, Updater updater, Runnable onClose,
            Runnable onShutdown) {
        this.channel = channel;
        this.peer = peer;
        this.container = container;
        this.permissions = permissions;
        this.options = options;
        this.loop = loop;
        this.codec = codec;
        this.caller = new Caller(container, options.tokenValidity());
        this.updater = updater;
        this.onClose = onClose;
        this.onShutdown = onShutdown;
        this.acceptedAt = System.nanoTime();
    }

    @Override
    public void run() {
        try {
            input = new ChannelInput(channel);
            outbox = new Outbox(new ChannelOutput(channel), options.notificationBufferSize(), options.maxOutboxSize(),
                    Thread.currentThread().getName(), this::close);
            LineReader framed = new LineReader(input, (int) Math.min(Integer.MAX_VALUE - 8, options.maxRequestSize()));
            Throttle throttle = new Throttle(options.maxRequestsPerSec(), System::nanoTime);
            if (handshake(framed, throttle)) {
                serve(framed, throttle);
            }
        } catch (Closed e) {
            LOG.debug("Closing connection of {}: {}", peer, e.getMessage());
        } catch (ChannelInput.ReadTimeout e) {
            LOG.info("Closing connection of {}: {}", peer, subscribed || container.isPresent()
                    ? e.getMessage()
                    : (handshakeDone ? "no request within " + options.idleTimeout().toMillis() + " ms (idle_timeout)"
                            : "no connect message within " + options.connectTimeout().toMillis() + " ms of the accept"
                            + " (connect_timeout)"));
        } catch (IOException | ConsoleDecodingException e) {
            LOG.debug("Closing connection of {}: {}", peer, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Closing connection of {}: {}", peer, e.toString(), e);
        } finally {
            if (subscribed) {
                loop.post(new Event.Unsubscribe(this));
            }
            stopFollow();
            if (pendingFollow != null) {
                pendingFollow.stop();
            }
            finishAndClose();
        }
    }

    private boolean handshake(LineReader framed, Throttle throttle) throws IOException, InterruptedException, Closed {
        // A container may connect whenever it likes (no connect timeout for container consoles).
        if (container.isEmpty()) {
            input.deadline(acceptedAt + options.connectTimeout().toNanos());
        }
        Message first = next(framed, throttle);
        if (first == null) {
            return false;
        }
        if (!(first instanceof Connect connect)) {
            throw new Closed("first message is not connect");
        }
        if (!ApiVersion.accepts(connect.version())) {
            LOG.warn("Client {} has protocol version {}; refusing", peer, connect.version());
            send(new ConnectNack.InvalidProtocolVersion(ApiVersion.VERSION));
            return false;
        }
        if (connect.subscribeNotifications() && !permissions.contains(ConsolePermission.NOTIFICATIONS)) {
            send(new ConnectNack.PermissionDenied());
            return false;
        }
        if (connect.subscribeNotifications()) {
            // Subscribed before the ack: no notification after the ack can be missed.
            await(post(new Event.Subscribe(this, new CompletableFuture<>()), Event.Subscribe::reply));
            subscribed = true;
        }
        send(new ConnectAck());
        input.timeout(Duration.ZERO);
        handshakeDone = true;
        if (container.isPresent()) {
            LOG.info("Container {} connected with permissions {}", container.get(), describe(permissions));
        } else {
            LOG.info("Client {} connected with permissions {}", peer, describe(permissions));
        }
        return true;
    }

    private void serve(LineReader framed, Throttle throttle) throws IOException, InterruptedException, Closed {
        while (true) {
            awaitRequestWithinIdleTimeout();
            Message message = next(framed, throttle);
            if (message == null) {
                return;
            }
            input.timeout(Duration.ZERO);
            if (!(message instanceof Request request)) {
                throw new Closed("expected a request, got " + message.envelopeKey());
            }
            if (!permissions.contains(request.requiredPermission())) {
                // For install the NPK bytes stay on the stream (as in Northstar) and will fail to parse.
                send(new Response.PermissionDenied(request));
                continue;
            }
            // Install and update are the requests that read more than their line. Install holds notifications only
            // once the bytes are in: during a long upload the other containers' notifications flow as they come.
            Response response = switch (request) {
                case Request.Install install -> install(framed, install);
                case Request.Update update -> update(framed, update);
                case Request.Logs logs -> logs(logs);
                default -> {
                    hold();
                    yield dispatch(request, caller);
                }
            };
            send(response);
            release();
            if (pendingFollow != null) {
                // registered by the machine: its lines go out after the response
                follow = pendingFollow;
                pendingFollow = null;
                follow.start();
            }
            if (request instanceof Request.Shutdown) {
                // The answer goes out before the runtime closes all connections.
                outbox.finish();
                outbox.awaitFinished(5000);
                LOG.info("Shutdown requested by {}", peer);
                onShutdown.run();
                return;
            }
        }
    }

    /**
     * A connection that listens to nothing and asks nothing only holds a slot: it must send its next
     * request within idle_timeout. Subscribers wait for notifications, containers for whatever
     * they like: neither has an idle deadline.
     */
    private void awaitRequestWithinIdleTimeout() {
        boolean following = follow != null && !follow.ended();
        if (!subscribed && !following && container.isEmpty() && !options.idleTimeout().isZero()) {
            input.deadline(System.nanoTime() + options.idleTimeout().toNanos());
        }
    }

    /** The state machine decides the request (docs/runtime.md, "Event loop"); this thread waits for the answer. */
    private Response dispatch(Request request, Caller asking) throws InterruptedException, Closed {
        return await(post(new Event.Console(request, asking, new CompletableFuture<>()), Event.Console::reply));
    }

    // ---- logs (extension, docs/protocol.md "Container logs") ------------------------------------

    /**
     * Every logs request ends the follow this connection had (its {@code log_end} goes before the
     * response): a connection follows one container at a time, and a client stops a follow that way.
     * A follow asked for is registered by the machine together with the read of the kept lines, so
     * no line is lost or sent twice between the two.
     */
    private Response logs(Request.Logs request) throws InterruptedException, Closed {
        stopFollow();
        hold();
        if (!request.follow()) {
            return dispatch(request, caller);
        }
        LogFollow requested = newFollow(request.container());
        Response response = dispatch(request, caller.following(requested));
        if (response instanceof Response.Logs(LogsResult.Ok ok) && ok.follow()) {
            pendingFollow = requested;
        }
        return response;
    }

    private void stopFollow() {
        if (follow != null) {
            follow.stop();
            follow = null;
        }
    }

    private LogFollow newFollow(Container followed) {
        return new LogFollow(followed, codec, new LogFollow.Sink() {
            @Override
            public boolean line(byte[] line) {
                return outbox.log(line) == Outbox.Refusal.NONE;
            }

            @Override
            public void end(byte[] line) {
                Outbox.Refusal refusal = outbox.response(line);
                if (refusal != Outbox.Refusal.NONE) {
                    refused(refusal);
                }
            }
        }, options.notificationBufferSize(), options.maxOutboxSize() / 2);
    }

    /** The next decoded message, null at a clean end of stream. Decoding errors propagate (close). */
    private Message next(LineReader framed, Throttle throttle) throws IOException, InterruptedException {
        throttle.await();
        byte[] line = framed.readLine();
        if (line == null) {
            return null;
        }
        throttle.record();
        return codec.decode(line);
    }

    // ---- install --------------------------------------------------------------------------------

    private Response install(LineReader framed, Request.Install request)
            throws IOException, InterruptedException, Closed {
        return switch (receive(framed, request.repository(), request.size())) {
            case Outcome.Failed<Staged> failed -> new Response.Install(new InstallResult.Err(failed.error()));
            case Outcome.Ok<Staged> ok -> {
                hold();
                Outcome<Container> installed = await(commit(ok.value()));
                yield new Response.Install(installed.fold(InstallResult.Ok::new, InstallResult.Err::new));
            }
        };
    }

    /** Second half of an install: the machine makes the staged NPK's container known. */
    private CompletableFuture<Outcome<Container>> commit(Staged staged) {
        return post(new Event.CommitInstall(staged, new CompletableFuture<>()), Event.CommitInstall::reply);
    }

    /**
     * An update (docs/protocol.md, "Updating a container"): the NPK is received as for install, then the runtime's
     * updater owns it. Notifications are not held: the update's own steps reach a subscribed client while it
     * waits, and the updater publishes its last step before it answers.
     */
    private Response update(LineReader framed, Request.Update request)
            throws IOException, InterruptedException, Closed {
        synchronized (this) {
            updates = true;
        }
        return switch (receive(framed, request.repository(), request.size())) {
            case Outcome.Failed<Staged> failed -> new Response.Update(new UpdateResult.Err(failed.error()));
            case Outcome.Ok<Staged> ok -> {
                Staged staged = ok.value();
                ReceivedNpk npk = new ReceivedNpk() {
                    @Override
                    public Container container() {
                        return staged.npk().container();
                    }

                    @Override
                    public CompletionStage<InstallResult> install() {
                        return commit(staged).thenApply(installed -> installed.fold(InstallResult.Ok::new,
                                InstallResult.Err::new));
                    }

                    @Override
                    public void discard() {
                        staged.discard();
                    }
                };
                yield new Response.Update(await(updater.update(npk, request.healthWindowMs().map(Duration::ofMillis))
                        .toCompletableFuture()));
            }
        };
    }

    /** The NPK bytes that follow an install or update request, staged in the repository and verified. */
    private Outcome<Staged> receive(LineReader framed, String repository, long size)
            throws IOException, InterruptedException, Closed {
        // size is a u64 on the wire: 2^63 and more arrive negative and must not pass as small.
        if (Long.compareUnsigned(size, options.maxNpkInstallSize()) > 0) {
            throw new Closed("install of " + Long.toUnsignedString(size) + " bytes exceeds max_npk_install_size "
                    + options.maxNpkInstallSize());
        }
        Outcome<Staging> begun = await(post(new Event.BeginInstall(repository, new CompletableFuture<>()),
                Event.BeginInstall::reply));
        Optional<Staging> staging = begun.fold(Optional::of, error -> Optional.empty());
        Optional<ConsoleError> failure = begun.fold(ok -> Optional.empty(), Optional::of);
        boolean complete = false;
        try {
            failure = stream(framed, size, staging, failure);
            complete = true;
        } finally {
            input.timeout(Duration.ZERO);
            if (!complete) {
                staging.ifPresent(Staging::discard);
            }
        }
        if (failure.isPresent()) {
            staging.ifPresent(Staging::discard);
            LOG.warn("Install into {} failed: {}", repository, ErrorText.of(failure.get()));
            return Outcome.failed(failure.get());
        }
        try {
            return Outcome.ok(staging.orElseThrow().finish());
        } catch (RepositoryException e) {
            staging.get().discard();
            LOG.warn("Install into {} failed: {}", repository, e.getMessage());
            return Outcome.failed(new ConsoleError.Unexpected(e.getMessage()));
        }
    }

    /**
     * Moves exactly {@code size} bytes from the connection into the staging area, draining them
     * also when the repository already refused, so the stream stays in sync. A stall longer than
     * npk_stream_timeout or an early end closes the connection.
     */
    private Optional<ConsoleError> stream(LineReader framed, long size, Optional<Staging> staging,
            Optional<ConsoleError> failure) throws IOException, Closed {
        input.timeout(options.npkStreamTimeout());
        // Direct: socket to buffer to memfd or file are two kernel copies, none on the heap.
        ByteBuffer chunk = installBuffer();
        long left = size;
        Optional<ConsoleError> result = failure;
        while (left > 0) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), left));
            int n;
            try {
                // What the line reader read ahead of the request line comes first.
                n = framed.buffered() > 0 ? readBuffered(framed, chunk) : input.read(chunk);
            } catch (ChannelInput.ReadTimeout e) {
                throw new Closed("install stream stalled: " + e.getMessage() + " (npk_stream_timeout)");
            }
            if (n < 0) {
                throw new Closed("install stream ended after " + (size - left) + " of " + size + " bytes");
            }
            left -= n;
            chunk.flip();
            if (result.isEmpty() && staging.isPresent()) {
                try {
                    staging.get().write(chunk);
                } catch (RepositoryException e) {
                    staging.get().discard();
                    result = Optional.of(new ConsoleError.Unexpected(e.getMessage()));
                }
            }
        }
        return result;
    }

    /** This connection's install buffer, allocated at its first install and kept for the next ones. */
    private ByteBuffer installBuffer() {
        if (installBuffer == null) {
            installBuffer = ByteBuffer.allocateDirect(INSTALL_CHUNK);
        }
        return installBuffer;
    }

    private static int readBuffered(LineReader framed, ByteBuffer chunk) throws IOException {
        byte[] bytes = new byte[Math.min(framed.buffered(), chunk.remaining())];
        int n = framed.read(bytes, 0, bytes.length);
        if (n > 0) {
            chunk.put(bytes, 0, n);
        }
        return n;
    }

    // ---- plumbing -------------------------------------------------------------------------------

    private <E extends Event, T> CompletableFuture<T> post(E event, java.util.function.Function<E, CompletableFuture<T>> reply) {
        loop.post(event);
        return reply.apply(event);
    }

    /** Waits for the loop's answer; an abandoned event (shutdown) closes the connection. */
    <T> T await(CompletableFuture<T> reply) throws InterruptedException, Closed {
        try {
            return reply.get();
        } catch (ExecutionException e) {
            throw new Closed("no answer: " + e.getCause().getMessage());
        }
    }

    private void send(Message message) throws Closed {
        Outbox.Refusal refusal = outbox.response(codec.encodeLine(message));
        if (refusal != Outbox.Refusal.NONE) {
            refused(refusal);
            throw new Closed("client does not read its responses");
        }
    }

    private synchronized void hold() {
        held = new ArrayList<>();
    }

    /** Queues what was held (if anything) behind the response just queued. */
    private synchronized void release() {
        List<byte[]> lines = held == null ? List.of() : held;
        held = null;
        for (byte[] line : lines) {
            if (!queueNotification(line)) {
                return;
            }
        }
    }

    @Override
    public synchronized boolean offer(Notification notification) {
        if (closed.get()) {
            return false;
        }
        if (notification instanceof Notification.Update && !updates) {
            // An extension: a client that never asked for an update (a Rust Northstar client among them)
            // would fail on a notification it cannot decode. It stays subscribed.
            return true;
        }
        byte[] line = codec.encodeLine(notification);
        if (held != null) {
            // Held lines count against the same backlog as queued ones.
            if (held.size() >= options.notificationBufferSize()) {
                refused(Outbox.Refusal.NOTIFICATIONS_LAG);
                return false;
            }
            held.add(line);
            return true;
        }
        return queueNotification(line);
    }

    private boolean queueNotification(byte[] line) {
        Outbox.Refusal refusal = outbox.notification(line);
        if (refusal != Outbox.Refusal.NONE) {
            refused(refusal);
            return false;
        }
        return true;
    }

    private void refused(Outbox.Refusal refusal) {
        switch (refusal) {
            case NOTIFICATIONS_LAG -> LOG.warn("Client connection lagged notifications. Closing {}", peer);
            case BYTES -> LOG.warn("Closing connection of {}: {} bytes wait for it to read them, more would exceed "
                    + "max_outbox_size {}", peer, outbox.pendingBytes(), outbox.byteLimit());
            case NONE -> {
                return;
            }
        }
        close();
    }

    /** As Northstar writes a permission set: "full" or the list of names. */
    static String describe(Set<ConsolePermission> permissions) {
        if (permissions.size() == ConsolePermission.values().length) {
            return "full";
        }
        return permissions.stream().sorted().map(ConsolePermission::wireName).toList().toString();
    }

    String peer() {
        return peer;
    }

    /** Closes from outside (shutdown, lag, write failure): the reading thread ends on its own. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing {}: {}", peer, e.toString());
            }
        }
    }

    private void finishAndClose() {
        if (outbox != null) {
            outbox.finish();
            try {
                outbox.awaitFinished(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
        if (input != null) {
            try {
                input.close();
            } catch (IOException e) {
                LOG.debug("Closing input of {}: {}", peer, e.toString());
            }
        }
        onClose.run();
    }
}
