package io.northstar.runtime.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the global console listens: {@code tcp://host[:port]} or {@code unix:///path}, as
 * {@code console.global.bind} is parsed by {@link ConfigParser} (docs/config.md), and how that
 * address is bound.
 */
public sealed interface ConsoleUrl {
    int DEFAULT_TCP_PORT = 4200;

    /**
     * Pending connections the kernel queues before they are accepted. The JDK's default of 50 made
     * a burst of 200 clients fail with EAGAIN on a Unix socket (ManyClientsTest); 1024 is what the
     * Rust runtime's listener (mio) asks for. The kernel caps it at net.core.somaxconn.
     */
    int BACKLOG = 1024;

    /** The URL as written in the config. */
    String url();

    /**
     * Opens the listening socket (a stale Unix socket file is removed first); a Unix socket file
     * gets the mode and owner of {@code file}.
     */
    ServerSocketChannel bind(SocketFile file) throws IOException;

    /** The address a client connects to. */
    SocketAddress address() throws IOException;

    /** Removes what binding left in the file system (the Unix socket file). */
    void cleanup();

    /** A TCP listener; the host is resolved when binding and the first address is used, as Northstar does. */
    record Tcp(String url, String host, int port) implements ConsoleUrl {
        @Override
        public ServerSocketChannel bind(SocketFile file) throws IOException {
            ServerSocketChannel server = ServerSocketChannel.open();
            try {
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(address(), BACKLOG);
                return server;
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        }

        @Override
        public SocketAddress address() throws IOException {
            return new InetSocketAddress(InetAddress.getAllByName(host)[0], port);
        }

        @Override
        public void cleanup() {
            // Nothing in the file system.
        }

        @Override
        public String toString() {
            return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** A Unix socket listener; a file already at {@code path} is deleted before binding. */
    record Unix(String url, Path path) implements ConsoleUrl {
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
        public SocketAddress address() {
            return UnixDomainSocketAddress.of(path);
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
        public String toString() {
            return "unix://" + path;
        }
    }
}
