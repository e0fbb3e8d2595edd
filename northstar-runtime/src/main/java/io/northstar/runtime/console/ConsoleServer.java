package io.northstar.runtime.console;

import io.northstar.console.ConsoleCodec;
import io.northstar.manifest.ConsolePermission;
import io.northstar.runtime.config.ConsoleUrl;
import io.northstar.runtime.config.GlobalConsole;
import io.northstar.runtime.state.EventLoop;
import io.northstar.runtime.update.Updater;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global console: one listening socket, one small thread per accepted connection, at most
 * {@code max_connections} of them (one more is closed as soon as it is accepted). Stopped at
 * shutdown: no new connections, and the open ones are closed.
 */
public final class ConsoleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

    private final ConsoleUrl url;
    private final ServerSocketChannel server;
    private final Set<ConsolePermission> permissions;
    private final ConnectionOptions options;
    private final EventLoop loop;
    private final Updater updater;
    private final Runnable onShutdown;
    private final ConsoleCodec codec = new ConsoleCodec();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final Thread acceptor;
    private final int maxConnections;
    private final RefusalLog refusals = new RefusalLog();
    private volatile boolean stopped;

    private ConsoleServer(ConsoleUrl url, ServerSocketChannel server, Set<ConsolePermission> permissions,
            int maxConnections, ConnectionOptions options, EventLoop loop, Updater updater, Runnable onShutdown) {
        this.url = url;
        this.updater = updater;
        this.server = server;
        this.permissions = permissions;
        this.maxConnections = maxConnections;
        this.options = options;
        this.loop = loop;
        this.onShutdown = onShutdown;
        this.acceptor = new Thread(this::accept, "console-accept");
    }

    /**
     * Binds {@code url} (start fails if it cannot). Connections are served once {@link #start()}
     * is called, i.e. after the state is built.
     *
     * @param updater    runs the update requests (docs/runtime.md, "Updating a container")
     * @param onShutdown called (on a connection thread) after a shutdown request was answered
     */
    public static ConsoleServer bind(ConsoleUrl url, GlobalConsole global, ConnectionOptions options,
            EventLoop loop, Updater updater, Runnable onShutdown) throws IOException {
        ServerSocketChannel server;
        try {
            server = url.bind(global.socket());
        } catch (IOException e) {
            throw new IOException("failed to bind console " + url + ": " + e.getMessage(), e);
        }
        switch (url) {
            case ConsoleUrl.Unix unix -> LOG.info("Console listening on {} (mode {}, owner {}:{})", url,
                    String.format("%04o", global.socket().mode()), describe(global.socket().uid()),
                    describe(global.socket().gid()));
            case ConsoleUrl.Tcp tcp -> {
                LOG.info("Console listening on {}", url);
                if (global.permissions().size() == ConsolePermission.values().length) {
                    LOG.warn("Console {} grants full permissions to everyone who can reach the port: install, start, "
                            + "kill and shutdown need no authentication. Use a unix:// console, fewer permissions, "
                            + "or a firewall", url);
                }
            }
        }
        return new ConsoleServer(url, server, global.permissions(), global.maxConnections(), options, loop,
                updater, onShutdown);
    }

    private static String describe(OptionalInt id) {
        return id.isPresent() ? Integer.toString(id.getAsInt()) : "runtime";
    }

    public void start() {
        acceptor.start();
    }

    private void accept() {
        while (!stopped) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!stopped) {
                    LOG.error("Console {}: accept failed: {}", url, e.toString());
                }
                return;
            }
            if (connections.size() >= maxConnections) {
                refusals.refused(url, maxConnections);
                closeQuietly(channel);
                continue;
            }
            refusals.accepted(url, maxConnections);
            String peer = describe(channel);
            Connection[] self = new Connection[1];
            Connection connection = new Connection(channel, peer, permissions, options, loop, codec, updater,
                    () -> connections.remove(self[0]), onShutdown);
            self[0] = connection;
            connections.add(connection);
            if (stopped) {
                connection.close();
            }
            Thread thread = new Thread(connection, "console-" + ids.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing a refused connection: {}", e.toString());
        }
    }

    /**
     * A flood of connections must not flood the log: one line when refusing starts, one every 10 s
     * while it goes on, and one with the count when a connection is served again.
     */
    private static final class RefusalLog {
        private static final long PROGRESS_NANOS = 10_000_000_000L;
        private boolean refusing;
        private long count;
        private long lastLogged;

        void refused(ConsoleUrl url, int max) {
            long now = System.nanoTime();
            if (!refusing) {
                LOG.warn("Console {}: max_connections ({}) are open: closing new connections at once", url, max);
                refusing = true;
                count = 0;
                lastLogged = now;
            }
            count++;
            if (now - lastLogged >= PROGRESS_NANOS) {
                LOG.warn("Console {}: closed {} connection(s) at once so far", url, count);
                lastLogged = now;
            }
        }

        void accepted(ConsoleUrl url, int max) {
            if (refusing) {
                LOG.warn("Console {}: closed {} connection(s) at once while max_connections ({}) were open", url,
                        count, max);
                refusing = false;
            }
        }
    }

    private static String describe(SocketChannel channel) {
        try {
            Object remote = channel.getRemoteAddress();
            String text = remote == null ? "" : remote.toString();
            return text.isEmpty() ? "unix-socket" : text;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        stopped = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("Closing console {}: {}", url, e.toString());
        }
        for (Connection connection : connections) {
            LOG.debug("Closing connection of {}", connection.peer());
            connection.close();
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        url.cleanup();
    }
}
