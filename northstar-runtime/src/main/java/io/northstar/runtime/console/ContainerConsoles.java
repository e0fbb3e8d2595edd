package io.northstar.runtime.console;

import io.northstar.common.Container;
import io.northstar.console.ConsoleCodec;
import io.northstar.manifest.ConsolePermission;
import io.northstar.runtime.state.EventLoop;
import io.northstar.runtime.update.Updater;
import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.UnixConnect;
import io.northstar.runtime.sys.UnixSockets;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Console connections from inside containers (docs/protocol.md, "Container consoles"): a connected stream socket
 * pair per start whose runtime end is served like a global console connection, with the
 * manifest's permissions, the config's {@code console.options}, and the container as identity.
 */
public final class ContainerConsoles {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerConsoles.class);

    /**
     * The two ends of one container console.
     *
     * @param containerEnd handed to the forker; the runtime closes its copy once the plan was sent
     * @param connection   the runtime end, served like a console connection
     */
    public record Opened(NativeFd containerEnd, Connection connection) implements AutoCloseable {
        /** Ends the connection (the container exited) and closes the container end if still open. */
        @Override
        public void close() {
            containerEnd.closeQuietly();
            connection.close();
        }
    }

    private final EventLoop loop;
    private final Updater updater;
    private final Runnable onShutdown;
    private final Path rendezvousDir;
    private final ConsoleCodec codec = new ConsoleCodec();
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param rendezvousDir where the runtime briefly listens to connect the pair (root only)
     * @param updater       runs the update requests of containers with the {@code update} permission
     * @param onShutdown    a container with the {@code shutdown} permission may shut the runtime down
     */
    public ContainerConsoles(EventLoop loop, Path rendezvousDir, Updater updater, Runnable onShutdown) {
        this.loop = loop;
        this.updater = updater;
        this.rendezvousDir = rendezvousDir;
        this.onShutdown = onShutdown;
    }

    /**
     * Creates the pair and starts serving the runtime end. Java cannot turn a native descriptor into
     * a channel, so the runtime end is accepted from a listener in a fresh 0700 directory that
     * exists only for this call, and the container end is a native connect to it.
     */
    public Opened open(Container container, Set<ConsolePermission> permissions, ConnectionOptions options)
            throws IOException {
        Path dir = Files.createTempDirectory(rendezvousDir, ".console-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path address = dir.resolve("s");
        NativeFd containerEnd = null;
        SocketChannel runtimeEnd = null;
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(address), 1);
            containerEnd = UnixConnect.connect(UnixSockets.SOCK_STREAM, address);
            runtimeEnd = listener.accept();
        } catch (IOException | RuntimeException e) {
            if (containerEnd != null) {
                containerEnd.closeQuietly();
            }
            throw new IOException("creating the console of " + container + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(address);
            Files.deleteIfExists(dir);
        }
        Connection connection = new Connection(runtimeEnd, "container " + container, Optional.of(container),
                permissions, options, loop, codec, updater, () -> { }, onShutdown);
        Thread thread = new Thread(connection, "console-" + container + "-" + ids.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        LOG.debug("Console of {} open", container);
        return new Opened(containerEnd, connection);
    }
}
