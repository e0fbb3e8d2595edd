package io.northstar.runtime.cgroups;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The test double of {@link CgroupFs} (docs/kernel.md): cgroupfs kept in memory with the semantics
 * the manager depends on. A new group has the control files of its hierarchy; control files cannot
 * be created by writing; rmdir of a group holding processes or child groups is EBUSY; writing a pid
 * to {@code cgroup.procs} moves the process within its hierarchy; {@code cgroup.kill} empties the
 * group. Writes can be refused with the kernel's reason, rmdir can stay busy for a while (a group
 * still draining), and a process can survive SIGKILL (stuck in D state). Every mutating call is
 * recorded.
 */
final class FakeCgroupFs implements CgroupFs {
    static final String EBUSY = "Device or resource busy";
    static final String EINVAL = "Invalid argument";

    private final Map<Path, Group> groups = new LinkedHashMap<>();
    private final Map<Path, Set<String>> hierarchyFiles = new HashMap<>();
    private final Map<String, String> refusedWrites = new HashMap<>();
    private final Map<Path, Integer> busyRmdirs = new HashMap<>();
    private final Set<Long> unkillable = new HashSet<>();
    private final List<String> calls = new ArrayList<>();

    private static final class Group {
        final Path mountPoint;
        final Map<String, String> files = new LinkedHashMap<>();
        final List<Long> procs = new ArrayList<>();

        Group(Path mountPoint) {
            this.mountPoint = mountPoint;
        }
    }

    /** A mounted hierarchy whose groups have {@code files} (cgroup.procs is always there). */
    synchronized FakeCgroupFs hierarchy(Path mountPoint, String... files) {
        Set<String> names = new HashSet<>(List.of(files));
        names.add("cgroup.procs");
        hierarchyFiles.put(mountPoint, names);
        Group root = new Group(mountPoint);
        names.forEach(n -> root.files.put(n, ""));
        groups.put(mountPoint, root);
        return this;
    }

    /** Sets a file's content (e.g. {@code cgroup.controllers} of a v2 root). */
    synchronized FakeCgroupFs file(Path file, String content) {
        group(file.getParent()).files.put(file.getFileName().toString(), content);
        return this;
    }

    /** Writes of {@code value} to files named {@code name} fail with {@code reason}. */
    synchronized FakeCgroupFs refuse(String name, String reason) {
        refusedWrites.put(name, reason);
        return this;
    }

    /** The next {@code times} rmdirs of {@code dir} fail with EBUSY. */
    synchronized FakeCgroupFs busy(Path dir, int times) {
        busyRmdirs.put(dir, times);
        return this;
    }

    /** {@code pid} survives SIGKILL. */
    synchronized FakeCgroupFs unkillable(long pid) {
        unkillable.add(pid);
        return this;
    }

    /** Puts process {@code pid} into group {@code dir} (created with its parents if missing). */
    synchronized FakeCgroupFs process(Path dir, long pid) {
        Path mount = mountOf(dir);
        Path level = mount;
        for (Path segment : mount.relativize(dir)) {
            level = level.resolve(segment);
            groups.computeIfAbsent(level, k -> newGroup(mount));
        }
        Group g = groups.get(dir);
        moveInto(g, pid);
        return this;
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    synchronized Set<Path> groups() {
        return Set.copyOf(groups.keySet());
    }

    synchronized String content(Path file) {
        return group(file.getParent()).files.get(file.getFileName().toString());
    }

    private Path mountOf(Path dir) {
        return hierarchyFiles.keySet().stream().filter(dir::startsWith).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(dir + " is in no hierarchy"));
    }

    private Group newGroup(Path mount) {
        Group g = new Group(mount);
        hierarchyFiles.get(mount).forEach(n -> g.files.put(n, ""));
        return g;
    }

    private Group group(Path dir) {
        Group g = groups.get(dir);
        if (g == null) {
            throw new IllegalArgumentException("no group " + dir);
        }
        return g;
    }

    private void moveInto(Group target, long pid) {
        for (Group g : groups.values()) {
            if (g.mountPoint.equals(target.mountPoint)) {
                g.procs.remove(pid);
            }
        }
        target.procs.add(pid);
    }

    @Override
    public synchronized boolean isDirectory(Path dir) {
        return groups.containsKey(dir);
    }

    @Override
    public synchronized boolean exists(Path file) {
        Group g = groups.get(file.getParent());
        return groups.containsKey(file) || g != null && g.files.containsKey(file.getFileName().toString());
    }

    @Override
    public synchronized void mkdir(Path dir) throws IOException {
        calls.add("mkdir " + dir);
        if (groups.containsKey(dir)) {
            throw new FileAlreadyExistsException(dir.toString());
        }
        if (!groups.containsKey(dir.getParent())) {
            throw new NoSuchFileException(dir.toString());
        }
        groups.put(dir, newGroup(mountOf(dir)));
    }

    @Override
    public synchronized void rmdir(Path dir) throws IOException {
        calls.add("rmdir " + dir);
        Group g = groups.get(dir);
        if (g == null) {
            throw new NoSuchFileException(dir.toString());
        }
        int busy = busyRmdirs.getOrDefault(dir, 0);
        boolean children = groups.keySet().stream().anyMatch(p -> !p.equals(dir) && p.startsWith(dir));
        if (busy > 0) {
            busyRmdirs.put(dir, busy - 1);
        }
        if (busy > 0 || children || !g.procs.isEmpty()) {
            throw new FileSystemException(dir.toString(), null, EBUSY);
        }
        groups.remove(dir);
    }

    @Override
    public synchronized List<Path> subgroups(Path dir) throws IOException {
        if (!groups.containsKey(dir)) {
            throw new NoSuchFileException(dir.toString());
        }
        return groups.keySet().stream().filter(p -> dir.equals(p.getParent())).toList();
    }

    @Override
    public synchronized String read(Path file) throws IOException {
        Group g = groups.get(file.getParent());
        String name = file.getFileName().toString();
        if (g == null || !g.files.containsKey(name)) {
            throw new NoSuchFileException(file.toString());
        }
        if (name.equals("cgroup.procs")) {
            StringBuilder text = new StringBuilder();
            g.procs.forEach(pid -> text.append(pid).append('\n'));
            return text.toString();
        }
        return g.files.get(name);
    }

    @Override
    public synchronized void write(Path file, String value) throws IOException {
        calls.add("write " + file + " " + value);
        Group g = groups.get(file.getParent());
        String name = file.getFileName().toString();
        if (g == null || !g.files.containsKey(name)) {
            throw new NoSuchFileException(file.toString());
        }
        String reason = refusedWrites.get(name);
        if (reason != null) {
            throw new FileSystemException(file.toString(), null, reason);
        }
        switch (name) {
            case "cgroup.procs" -> moveInto(g, Long.parseLong(value.trim()));
            case "cgroup.kill" -> g.procs.removeIf(pid -> !unkillable.contains(pid));
            default -> g.files.put(name, value);
        }
    }

    @Override
    public synchronized void kill(long pid) {
        calls.add("kill " + pid);
        if (!unkillable.contains(pid)) {
            groups.values().forEach(g -> g.procs.remove(pid));
        }
    }
}
