package io.northstar.runtime.cgroups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The cgroup file system as {@link CgroupManager} uses it: directories are groups, files are
 * control files, and killing a process is what empties a group on v1. Behind an interface so that
 * the manager's logic (creation and rollback, stale groups, draining, rmdir retries, real-time
 * budgets) is unit-tested without root against a double with cgroupfs semantics (docs/kernel.md).
 * {@link #LINUX} works on the mounted hierarchies. Errors are the JDK's file system exceptions,
 * whose reason is the kernel's ({@link ControlFiles#reason}).
 */
interface CgroupFs {

    CgroupFs LINUX = new Linux();

    boolean isDirectory(Path dir);

    boolean exists(Path file);

    /** mkdir(2); FileAlreadyExistsException when it exists. */
    void mkdir(Path dir) throws IOException;

    /** rmdir(2) of a group; NoSuchFileException when gone, EBUSY while it holds processes. */
    void rmdir(Path dir) throws IOException;

    /** The child groups of {@code dir}. */
    List<Path> subgroups(Path dir) throws IOException;

    String read(Path file) throws IOException;

    /** One write(2) of the whole value, as cgroupfs requires. */
    void write(Path file, String value) throws IOException;

    /** SIGKILL to {@code pid}, if it still exists. */
    void kill(long pid);

    /** The text, or "" when the file is missing or unreadable (statistics are best effort). */
    default String readOrEmpty(Path file) {
        try {
            return read(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** A number file; "max" reads as -1 (unlimited), missing/unreadable as null. */
    default Long readLimit(Path file) {
        String text = readOrEmpty(file).trim();
        if (text.isEmpty()) {
            return null;
        }
        if (text.equals("max")) {
            return -1L;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            try {
                return Long.parseUnsignedLong(text);
            } catch (NumberFormatException e2) {
                return null;
            }
        }
    }

    /** The pids of a {@code cgroup.procs} file. */
    default List<Long> readPids(Path procsFile) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (String line : read(procsFile).split("\n")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        return pids;
    }

    /** The mounted cgroup hierarchies of this host. */
    final class Linux implements CgroupFs {
        private Linux() {
        }

        @Override
        public boolean isDirectory(Path dir) {
            return Files.isDirectory(dir);
        }

        @Override
        public boolean exists(Path file) {
            return Files.exists(file);
        }

        @Override
        public void mkdir(Path dir) throws IOException {
            Files.createDirectory(dir);
        }

        @Override
        public void rmdir(Path dir) throws IOException {
            Files.delete(dir);
        }

        @Override
        public List<Path> subgroups(Path dir) throws IOException {
            try (var children = Files.list(dir)) {
                return children.filter(Files::isDirectory).toList();
            }
        }

        @Override
        public String read(Path file) throws IOException {
            return Files.readString(file);
        }

        @Override
        public void write(Path file, String value) throws IOException {
            Files.write(file, value.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        }

        @Override
        public void kill(long pid) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
