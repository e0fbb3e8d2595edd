package io.northstar.runtime.sandbox;

import io.northstar.common.Name;
import io.northstar.manifest.Manifest;
import io.northstar.manifest.Mount;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The per-name data directory behind {@code persist} mounts ({@code <data_dir>/<name>}, see
 * docs/runtime.md): created if missing and, on every start, set to mode 0700 and owned by the
 * manifest's uid:gid, so that the container (which never runs as root) can use it.
 *
 * <p>A container owns everything inside the directory and may leave symbolic links there. The
 * runtime, which runs as root, therefore never resolves a path through the directory's contents:
 * a wipe first renames the directory aside ({@link #moveAside}) and then deletes the tree with
 * calls relative to directory descriptors opened without following links ({@link #delete}).
 */
public final class PersistDir {

    /**
     * Prefix of a persist directory moved aside to be deleted. No container name contains
     * {@code :}, so no persist directory carries it; what carries it is removed at start-up when
     * an earlier run ended before its wipe was done.
     */
    static final String WIPE_PREFIX = ".wipe:";

    /** Subdirectories deeper than this are moved up to the top of the tree: bounds descriptors and stack. */
    static final int MAX_OPEN_DEPTH = 32;

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PersistDir() {
    }

    /**
     * {@code <data_dir>/<name>}, shared by all versions of a name.
     *
     * @throws io.northstar.common.InvalidValueException for the names {@code .} and {@code ..}
     */
    public static Path path(Path dataDir, Name name) {
        return dataDir.resolve(name.fileName());
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
            // chown and chmod must never reach through a link to a host file
            if (!Files.isDirectory(dir, NOFOLLOW)) {
                throw new IOException("it is not a directory but a link or file");
            }
            Files.getFileAttributeView(dir, PosixFileAttributeView.class, NOFOLLOW)
                    .setPermissions(PosixFilePermissions.fromString("rwx------"));
            // numeric ids: the container's uid need not exist in the host's passwd
            Files.setAttribute(dir, "unix:uid", manifest.uid(), NOFOLLOW);
            Files.setAttribute(dir, "unix:gid", manifest.gid(), NOFOLLOW);
        } catch (IOException e) {
            throw new IOException("preparing persist directory " + dir + " of " + manifest.container() + ": " + e, e);
        }
        return Optional.of(dir);
    }

    /**
     * Renames the persist directory of {@code name} aside (one {@code rename(2)}: atomic, never
     * follows a link, the name is free for a new directory at once). Empty when there is none.
     */
    public static Optional<Path> moveAside(Path dataDir, Name name) throws IOException {
        Path dir = path(dataDir, name);
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        Path trash = dataDir.resolve(WIPE_PREFIX + HexFormat.of().formatHex(random));
        try {
            Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IOException("moving persist directory " + dir + " aside to " + trash + ": " + e, e);
        }
        return Optional.of(trash);
    }

    /** The directories left moved aside by a run that ended before deleting them. */
    public static List<Path> leftovers(Path dataDir) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dataDir)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir, WIPE_PREFIX + "*")) {
            entries.forEach(found::add);
        }
        return found;
    }

    /**
     * Deletes {@code tree} (a directory or link moved aside by {@link #moveAside}) and everything
     * below it. Every call is relative to a directory descriptor opened with {@code O_NOFOLLOW}
     * ({@code openat}, {@code fstatat(AT_SYMLINK_NOFOLLOW)}, {@code unlinkat}, {@code renameat}):
     * a link is removed, never followed, also when one replaces a directory during the walk.
     * Directories nested deeper than {@link #MAX_OPEN_DEPTH} are moved to the top of the tree and
     * deleted in a later round, so neither descriptors nor the stack grow with the depth.
     */
    public static void delete(Path tree) throws IOException {
        Path parent = tree.toAbsolutePath().getParent();
        Path name = tree.getFileName();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent)) {
            if (!(stream instanceof SecureDirectoryStream<Path> dir)) {
                throw new IOException("deleting " + tree + ": no descriptor-relative file access on this platform");
            }
            Walk walk = new Walk();
            while (true) {
                BasicFileAttributes attributes;
                try {
                    attributes = attributes(dir, name);
                } catch (NoSuchFileException e) {
                    return;
                }
                if (!attributes.isDirectory()) {
                    dir.deleteFile(name);
                    return;
                }
                walk.progress = 0;
                try (SecureDirectoryStream<Path> top = dir.newDirectoryStream(name, NOFOLLOW)) {
                    walk.clear(top, top, 1);
                } catch (FileSystemException e) {
                    // replaced by a link or file since the look: deleted as such in the next round
                    walk.failed(e);
                }
                try {
                    dir.deleteDirectory(name);
                    return;
                } catch (DirectoryNotEmptyException | NoSuchFileException | java.nio.file.NotDirectoryException e) {
                    if (walk.progress == 0) {
                        throw new IOException("deleting " + tree + ": no progress, "
                                + walk.lastError.map(Object::toString).orElse("the tree is not empty"), e);
                    }
                }
            }
        }
    }

    private static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        return dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
    }

    /** One deletion: counts what each round achieved, keeps the last failure for the error. */
    private static final class Walk {
        long progress;
        Optional<Exception> lastError = Optional.empty();

        void failed(Exception e) {
            lastError = Optional.of(e);
        }

        /** Deletes what {@code dir} holds; {@code top} receives directories that are too deep. */
        void clear(SecureDirectoryStream<Path> top, SecureDirectoryStream<Path> dir, int depth) {
            // entries are taken by their last component only: a full path would be resolved from /
            List<Path> names = new ArrayList<>();
            for (Path entry : dir) {
                names.add(entry.getFileName());
            }
            for (Path name : names) {
                try {
                    if (!attributes(dir, name).isDirectory()) {
                        dir.deleteFile(name);
                    } else if (depth >= MAX_OPEN_DEPTH) {
                        byte[] random = new byte[12];
                        RANDOM.nextBytes(random);
                        dir.move(name, top, Path.of("deep-" + HexFormat.of().formatHex(random)));
                    } else {
                        try (SecureDirectoryStream<Path> child = dir.newDirectoryStream(name, NOFOLLOW)) {
                            clear(top, child, depth + 1);
                        }
                        dir.deleteDirectory(name);
                    }
                    progress++;
                } catch (NoSuchFileException e) {
                    progress++;
                } catch (IOException e) {
                    // a directory swapped for a link (ELOOP on open) or the other way round
                    // (EISDIR on unlink), or still holding entries: looked at again next round
                    failed(e);
                }
            }
        }
    }
}
