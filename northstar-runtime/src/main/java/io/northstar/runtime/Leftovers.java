package io.northstar.runtime;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import io.northstar.runtime.cgroups.CgroupLayout;
import io.northstar.runtime.cgroups.Hierarchy;
import io.northstar.runtime.sys.MountinfoLine;
import io.northstar.runtime.sys.Mounts;
import io.northstar.runtime.sys.SyscallException;
import io.northstar.runtime.sys.UnixConnect;
import io.northstar.runtime.sys.UnixSockets;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an earlier run of the runtime left behind when it ended without its orderly shutdown
 * (SIGKILL, a power cut, an OOM kill): mounts and mount points in the run directory, container
 * console rendezvous directories, manifest socket files, container cgroups below the runtime's
 * top-level group. Found and removed at start, one log line each (docs/reliability.md). Loop
 * devices release themselves (they are attached with AUTOCLEAR), so one still bound to a file
 * of an fs repository is held by a mount elsewhere: it is only reported.
 *
 * <p>Removing another live runtime's state would be a disaster, so the start first takes an
 * exclusive lock on {@code <run_dir>/.lock}; the kernel drops it when its holder dies.
 */
final class Leftovers {

    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);
    static final String LOCK_FILE = ".lock";
    private static final long DRAIN_MILLIS = 5_000;

    private Leftovers() {
    }

    /** Holds the run directory for this process; fails if another runtime holds it. */
    static FileLock lockRunDir(Path runDir) throws Daemon.StartFailure {
        Path file = runDir.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new Daemon.StartFailure("another runtime is running with run_dir " + runDir
                        + " (it holds the lock on " + file + ")", null);
            }
            return lock;
        } catch (IOException | OverlappingFileLockException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the failure below says what matters
                }
            }
            throw new Daemon.StartFailure("locking " + file + ": " + e, e);
        }
    }

    /**
     * The console's Unix socket file: one nobody accepts on is the dead run's and is removed; one
     * that accepts belongs to a live process, which the bind would otherwise silently rob of it.
     */
    static void checkConsoleSocket(Path socket) throws Daemon.StartFailure {
        if (!Files.exists(socket, NOFOLLOW_LINKS)) {
            return;
        }
        try {
            UnixConnect.connect(UnixSockets.SOCK_STREAM, socket).closeQuietly();
            throw new Daemon.StartFailure("console socket " + socket + " is in use by another process", null);
        } catch (SyscallException e) {
            try {
                Files.delete(socket);
                LOG.warn("removed stale console socket {} ({})", socket, e.getMessage());
            } catch (IOException removal) {
                LOG.error("removing stale console socket {}: {}", socket, removal.toString());
            }
        }
    }

    /** Cleans everything an earlier run left; never fails the start, each problem is a log line. */
    static void clean(Path runDir, Path socketDir, String topLevelCgroup, List<Path> fsRepositories) {
        unmountBelow(runDir);
        cleanRunDir(runDir);
        cleanSocketDir(socketDir);
        cleanCgroups(topLevelCgroup);
        reportLoopDevices(fsRepositories);
    }

    /** Mounts below the run directory (visible only without a private mount namespace, -d). */
    private static void unmountBelow(Path runDir) {
        List<String> targets;
        try {
            targets = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(line -> line.split(" "))
                    .filter(fields -> fields.length > 4)
                    .map(fields -> MountinfoLine.unescape(fields[4]))
                    .filter(target -> Path.of(target).startsWith(runDir) && !Path.of(target).equals(runDir))
                    .sorted(Comparator.comparing(String::length).reversed())
                    .distinct().toList();
        } catch (IOException e) {
            LOG.error("reading /proc/self/mountinfo: {}", e.toString());
            return;
        }
        for (String target : targets) {
            try {
                Mounts.umount2(target, Mounts.MNT_DETACH);
                LOG.warn("unmounted {} (mounted by an earlier run)", target);
            } catch (SyscallException e) {
                LOG.error("{}", e.getMessage());
            }
        }
    }

    /**
     * The run directory holds mount points ({@code <name>:<version>}) and console rendezvous
     * directories ({@code .console-*}); at start neither is in use.
     */
    private static void cleanRunDir(Path runDir) {
        cleanEntries(runDir, entry -> {
            String name = entry.getFileName().toString();
            if (name.equals(LOCK_FILE)) {
                return;
            }
            if (name.startsWith(".console-") && Files.isDirectory(entry, NOFOLLOW_LINKS)) {
                for (Path inside : list(entry)) {
                    Files.delete(inside);
                }
                Files.delete(entry);
                LOG.warn("removed console rendezvous {}", entry);
            } else if (Files.isDirectory(entry, NOFOLLOW_LINKS) && list(entry).isEmpty()) {
                Files.delete(entry);
                LOG.warn("removed mount point {}", entry);
            } else {
                LOG.warn("{} is not the runtime's; left alone", entry);
            }
        });
    }

    /** Socket files of manifest sockets: the next start of the container binds them anew. */
    private static void cleanSocketDir(Path socketDir) {
        cleanEntries(socketDir, entry -> {
            BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class, NOFOLLOW_LINKS);
            if (attributes.isOther()) {
                Files.delete(entry);
                LOG.warn("removed socket {}", entry);
            } else {
                LOG.warn("{} is not a socket; left alone", entry);
            }
        });
    }

    /** What to do with one entry left in a runtime directory. */
    @FunctionalInterface
    private interface EntryCleaner {
        void clean(Path entry) throws IOException;
    }

    /** Cleans each entry of {@code dir}; a failure is logged and the other entries are still cleaned. */
    private static void cleanEntries(Path dir, EntryCleaner cleaner) {
        for (Path entry : list(dir)) {
            try {
                cleaner.clean(entry);
            } catch (IOException e) {
                LOG.error("removing {}: {}", entry, e.toString());
            }
        }
    }

    /**
     * Container groups below the top-level group, deepest first. A process still in one belongs to
     * the dead run (nothing else is put below the runtime's group): it is killed first.
     */
    private static void cleanCgroups(String topLevel) {
        CgroupLayout layout;
        try {
            layout = CgroupLayout.detect();
        } catch (IOException | RuntimeException e) {
            LOG.error("detecting cgroup hierarchies: {}", e.toString());
            return;
        }
        for (Hierarchy hierarchy : layout.hierarchies()) {
            Path top = hierarchy.mountPoint().resolve(topLevel).normalize();
            if (!top.startsWith(hierarchy.mountPoint()) || top.equals(hierarchy.mountPoint()) || !Files.isDirectory(top)) {
                continue;
            }
            List<Path> groups = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(top)) {
                walk.filter(p -> !p.equals(top) && Files.isDirectory(p, NOFOLLOW_LINKS))
                        .forEach(groups::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                LOG.error("listing {}: {}", top, e.toString());
                continue;
            }
            groups.sort(Comparator.comparing(Path::getNameCount).reversed());
            for (Path group : groups) {
                removeGroup(group, hierarchy.procsFile());
            }
        }
    }

    private static void removeGroup(Path group, String procsFile) {
        Path procs = group.resolve(procsFile);
        long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
        try {
            List<Long> pids = pids(procs);
            if (!pids.isEmpty()) {
                LOG.warn("killing processes {} left in cgroup {}", pids, group);
                pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                while (!(pids = pids(procs)).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
            Files.delete(group);
            LOG.warn("removed cgroup {}", group);
        } catch (IOException e) {
            LOG.error("removing cgroup {}: {}", group, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Long> pids(Path procs) throws IOException {
        return Files.readAllLines(procs).stream().filter(l -> !l.isBlank()).map(l -> Long.parseLong(l.trim())).toList();
    }

    /** Loop devices bound to a file of an fs repository: still held by some mount, so left alone. */
    private static void reportLoopDevices(List<Path> fsRepositories) {
        for (Path block : list(Path.of("/sys/block"))) {
            if (!block.getFileName().toString().startsWith("loop")) {
                continue;
            }
            try {
                Path backing = Path.of(Files.readString(block.resolve("loop/backing_file")).trim());
                if (fsRepositories.stream().anyMatch(dir -> backing.startsWith(dir.toAbsolutePath()))) {
                    LOG.warn("/dev/{} is still bound to {} (held by a mount outside this runtime); left alone",
                            block.getFileName(), backing);
                }
            } catch (IOException | RuntimeException e) {
                // not bound, or detached while looking
            }
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
