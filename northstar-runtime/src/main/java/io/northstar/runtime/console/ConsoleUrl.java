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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import io.northstar.runtime.config.SocketFile;

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
        public ServerSocketChannel bind(SocketFile file) throws IOException {
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
        /**
         * Binds in a fresh 0700 directory next to {@code path}, gives the socket file its mode and
         * owner there, then renames it into place: nobody can connect before the file has its final
         * mode, whatever the umask.
         */
        @Override
        public ServerSocketChannel bind(SocketFile file) throws IOException {
            Path absolute = path.toAbsolutePath();
            Path parent = absolute.getParent();
            Files.deleteIfExists(absolute);
            Path privateDir = Files.createTempDirectory(parent, ".console-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path staged = privateDir.resolve("s");
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                server.bind(UnixDomainSocketAddress.of(staged), BACKLOG);
                Files.setAttribute(staged, "unix:mode", file.mode());
                if (file.uid().isPresent()) {
                    Files.setAttribute(staged, "unix:uid", file.uid().getAsInt());
                }
                if (file.gid().isPresent()) {
                    Files.setAttribute(staged, "unix:gid", file.gid().getAsInt());
                }
                Files.move(staged, absolute, StandardCopyOption.ATOMIC_MOVE);
                return server;
            } catch (IOException | RuntimeException e) {
                server.close();
                Files.deleteIfExists(staged);
                throw e;
            } finally {
                Files.deleteIfExists(privateDir);
            }
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

    /**
     * Opens the listening socket (a stale Unix socket file is removed first); a Unix socket file
     * gets the mode and owner of {@code file}.
     */
    ServerSocketChannel bind(SocketFile file) throws IOException;

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
