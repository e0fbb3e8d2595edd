package io.northstar.runtime.sandbox;

import io.northstar.manifest.Manifest;
import io.northstar.manifest.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The per-name data directory behind {@code persist} mounts
 * (container-lifecycle.md §11.2): created if missing and, on every start,
 * set to mode 0700 and owned by the manifest's uid:gid, so that the
 * container (which never runs as root) can use it. Done by the runtime
 * before the launch plan is handed to the forker.
 */
public final class PersistDir {
    private PersistDir() {
    }

    /** Prepares the directory if the manifest has a persist mount; returns it. */
    public static Optional<Path> prepare(SandboxDirs dirs, Manifest manifest) throws IOException {
        boolean persists = manifest.mounts().values().stream().anyMatch(m -> m.type() == Mount.Type.PERSIST);
        if (!persists) {
            return Optional.empty();
        }
        Path dir = dirs.persistDir(manifest.name());
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            // numeric ids: the container's uid need not exist in the host's passwd
            Files.setAttribute(dir, "unix:uid", manifest.uid());
            Files.setAttribute(dir, "unix:gid", manifest.gid());
        } catch (IOException e) {
            throw new IOException("preparing persist directory " + dir + " of " + manifest.container() + ": " + e, e);
        }
        return Optional.of(dir);
    }
}
