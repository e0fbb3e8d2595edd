package io.northstar.runtime.launch;

import io.northstar.common.Container;
import io.northstar.common.NonNulString;
import io.northstar.manifest.Manifest;
import io.northstar.manifest.Socket;
import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.UnixSockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Unix sockets a manifest asks for (docs/runtime.md, "Sockets"), created by the runtime before
 * the container exists: {@code <socket_dir>/<name>:<version>:<socket>}, bound (stream and
 * seqpacket also listening), with the manifest's mode and owner. The files are removed after the
 * exit.
 */
final class ManifestSockets implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestSockets.class);
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    /** Socket name → bound descriptor, in name order (the order of the launch plan). */
    private final Map<String, NativeFd> fds = new LinkedHashMap<>();
    private final List<Path> files = new ArrayList<>();

    private ManifestSockets() {
    }

    /**
     * Binds every socket of {@code manifest} in {@code socketDir}. socket_dir is shared with containers
     * (sockets mounts), so a file there can be swapped for a symlink the moment it appears; a chmod or
     * chown by path would then change whatever the link points to, as root. So each socket is bound
     * in a fresh 0700 directory of the runtime's own inside socket_dir, gets its mode and owner there,
     * and is renamed into place: rename(2) replaces a planted link itself and never follows it.
     */
    static ManifestSockets create(Manifest manifest, Path socketDir) throws IOException {
        ManifestSockets sockets = new ManifestSockets();
        Container container = manifest.container();
        Path staging = null;
        try {
            List<Map.Entry<NonNulString, Socket>> entries = new ArrayList<>(manifest.sockets().entrySet());
            entries.sort((a, b) -> a.getKey().value().compareTo(b.getKey().value()));
            for (Map.Entry<NonNulString, Socket> entry : entries) {
                String name = entry.getKey().value();
                Socket socket = entry.getValue();
                // "<name>:<version>:<socket>" must be one file in socket_dir: a "/" would lead the
                // runtime (root) to delete, bind and chown wherever the manifest points
                if (name.isEmpty() || name.indexOf('/') >= 0) {
                    throw new IOException("socket name \"" + name.replaceAll("\\p{Cntrl}", "?")
                            + "\" is not a file name (empty or contains /)");
                }
                if (staging == null) {
                    staging = Files.createTempDirectory(socketDir, ".sockets-", PRIVATE_DIRECTORY);
                }
                Path path = socketDir.resolve(container + ":" + name);
                Path staged = staging.resolve("s");
                int type = switch (socket.type()) {
                    case STREAM -> UnixSockets.SOCK_STREAM;
                    case DATAGRAM -> UnixSockets.SOCK_DGRAM;
                    case SEQ_PACKET -> UnixSockets.SOCK_SEQPACKET;
                };
                int backlog = type == UnixSockets.SOCK_DGRAM ? -1 : UnixSockets.SOMAXCONN;
                NativeFd fd = UnixSockets.bindPath(type, staged, backlog, socket.passcred().orElse(false));
                sockets.fds.put(name, fd);
                try {
                    Files.setPosixFilePermissions(staged, permissions(socket.mode()));
                    // Unlike Northstar (fchown of the socket, which leaves the path root's), the path
                    // itself gets the owner the manifest names.
                    if (socket.uid().isPresent()) {
                        Files.setAttribute(staged, "unix:uid", (int) socket.uid().getAsLong(), LinkOption.NOFOLLOW_LINKS);
                    }
                    if (socket.gid().isPresent()) {
                        Files.setAttribute(staged, "unix:gid", (int) socket.gid().getAsLong(), LinkOption.NOFOLLOW_LINKS);
                    }
                    Files.move(staged, path, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(staged);
                }
                sockets.files.add(path);
            }
        } catch (IOException | RuntimeException e) {
            sockets.close();
            throw new IOException("creating sockets of " + container + ": " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                Files.deleteIfExists(staging);
            }
        }
        return sockets;
    }

    static Set<PosixFilePermission> permissions(long mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1L << bit)) != 0) {
                set.add(BITS[bit]);
            }
        }
        return set;
    }

    NativeFd fd(String name) {
        NativeFd fd = fds.get(name);
        if (fd == null) {
            throw new IllegalArgumentException("no socket " + name);
        }
        return fd;
    }

    /** The container has its copies once the plan was sent. */
    void closeDescriptors() {
        fds.values().forEach(NativeFd::closeQuietly);
    }

    @Override
    public void close() {
        closeDescriptors();
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("Removing socket {}: {}", file, e.toString());
            }
        }
    }
}
