package io.northstar.runtime.console;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code bind} address of the global console: {@code tcp://host[:port]} or {@code unix:///path}. */
public sealed interface ConsoleUrl {

    /**
     * Pending connections the kernel queues before they are accepted. The JDK's default of 50 made
     * a burst of 200 clients fail with EAGAIN on a Unix socket (ManyClientsTest); 1024 is what the
     * Rust runtime's listener (mio) asks for. The kernel caps it at net.core.somaxconn.
     */
    int BACKLOG = 1024;

    int DEFAULT_PORT = 4200;

    record Tcp(String host, int port) implements ConsoleUrl {
        @Override
        public ServerSocketChannel bind() throws IOException {
            // Like the Rust listener: the first resolved address is bound.
            InetAddress address = InetAddress.getAllByName(host)[0];
            ServerSocketChannel server = ServerSocketChannel.open();
            server.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(address, port), BACKLOG);
            return server;
        }

        @Override
        public void cleanup() {
            // Nothing in the file system.
        }

        @Override
        public SocketAddress address() throws IOException {
            return new InetSocketAddress(InetAddress.getAllByName(host)[0], port);
        }

        @Override
        public String toString() {
            return "tcp://" + host + ":" + port;
        }
    }

    record Unix(Path path) implements ConsoleUrl {
        @Override
        public ServerSocketChannel bind() throws IOException {
            Files.deleteIfExists(path);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path), BACKLOG);
            return server;
        }

        @Override
        public void cleanup() {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // Best effort: a stale socket file is removed again at the next bind.
            }
        }

        @Override
        public SocketAddress address() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public String toString() {
            return "unix://" + path;
        }
    }

    /** Opens the listening socket (a stale Unix socket file is removed first). */
    ServerSocketChannel bind() throws IOException;

    /** The address a client connects to. */
    SocketAddress address() throws IOException;

    /** Removes what binding left in the file system (the Unix socket file). */
    void cleanup();

    static ConsoleUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid console url " + text + ": " + e.getMessage(), e);
        }
        String scheme = uri.getScheme();
        if ("tcp".equals(scheme)) {
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("invalid console url " + text + ": missing host");
            }
            return new Tcp(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort());
        }
        if ("unix".equals(scheme)) {
            if (uri.getPath() == null || uri.getPath().isEmpty()) {
                throw new IllegalArgumentException("invalid console url " + text + ": missing path");
            }
            return new Unix(Path.of(uri.getPath()));
        }
        throw new IllegalArgumentException("console scheme must be tcp or unix: " + text);
    }
}
