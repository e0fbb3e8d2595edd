package io.northstar.runtime.cgroups;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's cgroups (docs/cgroups.md): a top-level group {@code <config.cgroup>} in
 * every used hierarchy, created at start and removed at shutdown, and one group per started
 * container below it (or below the manifest's {@code parent}). Groups of anybody else are never
 * modified; on v2 the only foreign file written is {@code cgroup.subtree_control} of the
 * ancestors, and only to enable a controller that is not yet enabled.
 *
 * <p>Meant to be driven by the runtime's event loop thread; memory monitors run on their own
 * threads and only call their callback.
 */
public final class CgroupManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CgroupManager.class);
    private static final long[] RMDIR_BACKOFF_MILLIS = {10, 20, 40, 80};
    private static final String RT_RUNTIME = "cpu.rt_runtime_us";

    private final CgroupFs fs;
    private final CgroupLayout layout;
    private final String topLevel;
    private final Duration drainTimeout;
    /** Top-level directories this manager created (removed at shutdown). */
    private final List<Path> topLevelDirs;
    /** Intermediate directories made for manifest parents; removed again when they become empty. */
    private final Set<Path> createdParents = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private final Map<CgroupHandle, MemoryMonitor> monitors = new ConcurrentHashMap<>();
    private final Set<CgroupHandle> live = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private volatile boolean closed;

    private CgroupManager(CgroupFs fs, CgroupLayout layout, String topLevel, Duration drainTimeout,
                          List<Path> topLevelDirs) {
        this.fs = fs;
        this.layout = layout;
        this.topLevel = topLevel;
        this.drainTimeout = drainTimeout;
        this.topLevelDirs = List.copyOf(topLevelDirs);
    }

    /** Detects the hierarchies of this system and creates the top-level group {@code topLevel}. */
    public static CgroupManager start(String topLevel) throws CgroupException {
        try {
            return start(topLevel, CgroupLayout.detect(), Duration.ofSeconds(5));
        } catch (CgroupException e) {
            throw e;
        } catch (IOException e) {
            throw new CgroupException("detecting cgroup hierarchies: " + e.getMessage(), e);
        }
    }

    /**
     * @param drainTimeout how long {@link #destroy} waits for killed processes to leave a group
     */
    public static CgroupManager start(String topLevel, CgroupLayout layout, Duration drainTimeout) throws CgroupException {
        return start(topLevel, layout, drainTimeout, CgroupFs.LINUX);
    }

    /** On the file system {@code fs}: the Linux one, or the double of the unit tests (docs/kernel.md). */
    static CgroupManager start(String topLevel, CgroupLayout layout, Duration drainTimeout, CgroupFs fs)
            throws CgroupException {
        String top = relativeGroupPath(topLevel, "top-level cgroup");
        LOG.info("cgroups: {}", layout.describe());
        List<Path> created = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        try {
            for (Hierarchy h : layout.hierarchies()) {
                Path dir = h.mountPoint().resolve(top);
                if (fs.isDirectory(dir)) {
                    LOG.warn("Top-level cgroup {} exists already (left over by an earlier run?); using it", dir);
                }
                makeGroup(fs, h, dir, created);
                dirs.add(dir);
            }
        } catch (CgroupException e) {
            removeCreated(fs, created);
            throw new CgroupException("creating top-level cgroup " + top + ": " + e.getMessage(), e);
        }
        return new CgroupManager(fs, layout, top, drainTimeout, dirs);
    }

    public CgroupLayout layout() {
        return layout;
    }

    public String topLevel() {
        return topLevel;
    }

    /**
     * Creates the group of container {@code name} and applies {@code settings}. On failure
     * nothing is left behind.
     */
    public CgroupHandle create(String name, CgroupSettings settings) throws CgroupException {
        if (closed) {
            throw new CgroupException("creating cgroup of " + name + ": the cgroup manager is shut down");
        }
        String segment = relativeGroupPath(name, "container cgroup name");
        if (segment.contains("/")) {
            throw new CgroupException("creating cgroup of " + name + ": a container name must be one path segment");
        }
        String parent = settings.parent() == null ? topLevel : relativeGroupPath(settings.parent(), "cgroup parent of " + name);
        String path = parent + "/" + segment;

        SettingsTranslation translation = SettingsTranslation.translate(settings, layout::versionOf);
        for (String warning : translation.warnings()) {
            LOG.warn("cgroup {}: {}", path, warning);
        }

        List<Path> created = new ArrayList<>();
        List<CgroupHandle.Group> groups = new ArrayList<>();
        try {
            for (Hierarchy h : layout.hierarchies()) {
                Path dir = h.mountPoint().resolve(path);
                if (fs.isDirectory(dir)) {
                    if (settings.parent() != null) {
                        // below a foreign parent an existing group may be somebody else's
                        throw new CgroupException(dir + " exists already");
                    }
                    removeStale(h, dir);
                }
                List<Path> made = new ArrayList<>();
                makeGroup(fs, h, dir, made);
                created.addAll(made);
                for (Path p : made) {
                    if (!p.equals(dir) && settings.parent() != null) {
                        createdParents.add(p);
                    }
                }
                groups.add(new CgroupHandle.Group(h, dir));
            }
            CgroupHandle handle = new CgroupHandle(path, groups);
            apply(handle, translation.writes());
            live.add(handle);
            return handle;
        } catch (CgroupException e) {
            groups.forEach(this::returnRealtimeBudget);
            removeCreated(fs, created);
            created.forEach(createdParents::remove);
            groups.forEach(this::releaseRealtimeBudget);
            throw new CgroupException("creating cgroup " + path + ": " + e.getMessage(), e);
        }
    }

    private void apply(CgroupHandle handle, List<CgroupWrite> writes) throws CgroupException {
        for (CgroupWrite w : writes) {
            Path dir = handle.directoryOf(w.controller())
                    .orElseThrow(() -> new IllegalStateException("no group for controller " + w.controller()));
            Path file = dir.resolve(w.file());
            if (w.file().equals(RT_RUNTIME)) {
                reserveRealtimeBudget(dir, Long.parseLong(w.value()));
            }
            try {
                fs.write(file, w.value());
            } catch (IOException e) {
                if (w.bestEffort() && ControlFiles.isUnsupported(e)) {
                    LOG.warn("cgroup {}: {} not applied: {} ({})", handle.name(), w, ControlFiles.reason(e), file);
                    continue;
                }
                throw new CgroupException("writing \"" + w.value() + "\" to " + file + ": " + ControlFiles.reason(e), e);
            }
        }
    }

    /**
     * v1 real-time group scheduling: a group's cpu.rt_runtime_us must fit into its parent's, and
     * a new top-level group starts with 0. So the top-level group's budget is grown to the sum
     * of its containers' budgets before a container gets one (and shrunk again on destroy).
     * Groups below a manifest parent are not ours to change: there the kernel's verdict stands.
     */
    private void reserveRealtimeBudget(Path dir, long runtime) throws CgroupException {
        Path top = dir.getParent();
        if (runtime <= 0 || !topLevelDirs.contains(top) || !fs.exists(top.resolve(RT_RUNTIME))) {
            return;
        }
        long needed = childrenRealtimeBudget(top, dir) + runtime;
        Long current = fs.readLimit(top.resolve(RT_RUNTIME));
        if (current != null && current >= needed) {
            return;
        }
        try {
            fs.write(top.resolve(RT_RUNTIME), Long.toString(needed));
        } catch (IOException e) {
            throw new CgroupException("reserving real-time budget " + needed + " us in " + top.resolve(RT_RUNTIME) + ": "
                    + ControlFiles.reason(e) + " (the parent group has less real-time budget left)", e);
        }
    }

    private long childrenRealtimeBudget(Path top, Path except) {
        long sum = 0;
        try {
            for (Path c : fs.subgroups(top).stream().filter(c -> !c.equals(except)).toList()) {
                Long v = fs.readLimit(c.resolve(RT_RUNTIME));
                sum += v == null || v < 0 ? 0 : v;
            }
        } catch (IOException e) {
            LOG.warn("Listing {}: {}", top, ControlFiles.reason(e));
        }
        return sum;
    }

    /**
     * The kernel keeps counting a removed group's real-time budget until the group is freed
     * (asynchronously), so the parent could not shrink right away; zeroing it first avoids that.
     */
    private void returnRealtimeBudget(CgroupHandle.Group g) {
        if (!g.hierarchy().hasRealtimeBudget()) {
            return;
        }
        Path dir = g.directory();
        Path file = dir.resolve(RT_RUNTIME);
        Long v = fs.readLimit(file);
        if (v != null && v > 0) {
            try {
                fs.write(file, "0");
            } catch (IOException e) {
                LOG.warn("Returning real-time budget of {}: {}", dir, ControlFiles.reason(e));
            }
        }
    }

    private void releaseRealtimeBudget(CgroupHandle.Group g) {
        Path removed = g.directory();
        Path top = removed.getParent();
        if (!g.hierarchy().hasRealtimeBudget() || !topLevelDirs.contains(top)) {
            return;
        }
        // A top group without budget has nothing to shrink: its children need not be read (the common
        // case, at every container exit, where no manifest asks for real-time budget).
        Long current = fs.readLimit(top.resolve(RT_RUNTIME));
        if (current == null || current <= 0) {
            return;
        }
        long needed = childrenRealtimeBudget(top, removed);
        if (current > needed) {
            try {
                fs.write(top.resolve(RT_RUNTIME), Long.toString(needed));
            } catch (IOException e) {
                LOG.warn("Releasing real-time budget of {}: {}", top, ControlFiles.reason(e));
            }
        }
    }

    /**
     * Creates the group and, if the manifest enables {@code oom_monitor}, starts its memory
     * monitor delivering to {@code onMemoryEvent} (on the monitor's thread).
     */
    public CgroupHandle create(String name, CgroupSettings settings, Consumer<MemoryEvent> onMemoryEvent)
            throws CgroupException {
        CgroupHandle handle = create(name, settings);
        if (settings.oomMonitor() && layout.has(Controller.MEMORY)) {
            try {
                monitorMemory(handle, onMemoryEvent);
            } catch (CgroupException e) {
                try {
                    destroy(handle);
                } catch (CgroupException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
        return handle;
    }

    /**
     * Starts delivering memory events of {@code handle} to {@code callback} (on the monitor's
     * thread). Stopped by {@link #destroy}.
     */
    public MemoryMonitor monitorMemory(CgroupHandle handle, Consumer<MemoryEvent> callback) throws CgroupException {
        CgroupHandle.Group g = handle.groupOf(Controller.MEMORY)
                .orElseThrow(() -> new CgroupException("monitoring memory of cgroup " + handle.name() + ": no memory controller"));
        MemoryMonitor monitor = MemoryMonitor.start(handle.name(), g.hierarchy().version(), g.directory(), callback);
        MemoryMonitor previous = monitors.put(handle, monitor);
        if (previous != null) {
            previous.close();
        }
        return monitor;
    }

    /** Reads the statistics of a container group (docs/runtime.md, "Inspect, list and statistics"). */
    public CgroupStatistics statistics(CgroupHandle handle) {
        return CgroupStatistics.read(handle);
    }

    /**
     * Removes a container's group after its exit: stops the memory monitor, kills what is left
     * in the group, waits until it is empty and removes the directories (and intermediate
     * parents created for it that are now empty).
     */
    public void destroy(CgroupHandle handle) throws CgroupException {
        MemoryMonitor monitor = monitors.remove(handle);
        if (monitor != null) {
            monitor.close();
        }
        List<String> failures = new ArrayList<>();
        for (CgroupHandle.Group g : handle.groups()) {
            try {
                drain(g);
                returnRealtimeBudget(g);
                rmdir(fs, g.directory());
                releaseRealtimeBudget(g);
            } catch (CgroupException e) {
                failures.add(e.getMessage());
            }
        }
        live.remove(handle);
        removeEmptyParents(handle);
        if (!failures.isEmpty()) {
            throw new CgroupException("removing cgroup " + handle.name() + ": " + String.join("; ", failures));
        }
    }

    /**
     * Moves process {@code pid} (and its threads) into the group in every hierarchy — Northstar's
     * way: the init pid after the forker created it, before it is told to exec. The alternative
     * is the forker writing {@code 0} into {@link CgroupHandle#procsFiles()} itself.
     */
    public void join(CgroupHandle handle, long pid) throws CgroupException {
        for (Path procs : handle.procsFiles()) {
            try {
                fs.write(procs, Long.toString(pid));
            } catch (IOException e) {
                throw new CgroupException("moving pid " + pid + " into " + procs + ": " + ControlFiles.reason(e), e);
            }
        }
    }

    /** The pids currently in the group (of the first hierarchy; the others hold the same). */
    public List<Long> pids(CgroupHandle handle) throws CgroupException {
        CgroupHandle.Group g = handle.groups().get(0);
        try {
            return fs.readPids(g.procsFile());
        } catch (IOException e) {
            throw new CgroupException("reading " + g.procsFile() + ": " + ControlFiles.reason(e), e);
        }
    }

    /** Removes the top-level group. Container groups must have been destroyed before. */
    @Override
    public void close() throws CgroupException {
        if (closed) {
            return;
        }
        closed = true;
        monitors.values().forEach(MemoryMonitor::close);
        monitors.clear();
        List<String> failures = new ArrayList<>();
        if (!live.isEmpty()) {
            failures.add("container cgroups still exist: " + live.stream().map(CgroupHandle::name).sorted().toList());
        }
        for (Path dir : topLevelDirs) {
            try {
                rmdir(fs, dir);
            } catch (CgroupException e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new CgroupException("removing top-level cgroup " + topLevel + ": " + String.join("; ", failures));
        }
    }

    // --- creation -------------------------------------------------------------------------

    /**
     * Creates {@code dir} and missing ancestors below the mount point; on v2 also enables our
     * controllers in {@code cgroup.subtree_control} of each level above {@code dir}, so they
     * are available in it.
     */
    private static void makeGroup(CgroupFs fs, Hierarchy h, Path dir, List<Path> created) throws CgroupException {
        Path mount = h.mountPoint();
        Path rel = mount.relativize(dir);
        Path level = mount;
        for (Path segment : rel) {
            if (h.version() == CgroupVersion.V2) {
                enableControllers(fs, h, level);
            }
            level = level.resolve(segment);
            try {
                fs.mkdir(level);
                created.add(level);
            } catch (FileAlreadyExistsException e) {
                // an existing ancestor (or our own top level from an earlier run)
            } catch (IOException e) {
                throw new CgroupException("mkdir " + level + ": " + ControlFiles.reason(e), e);
            }
        }
    }

    private static void enableControllers(CgroupFs fs, Hierarchy h, Path level) {
        Set<String> available = words(fs.readOrEmpty(level.resolve("cgroup.controllers")));
        Set<String> enabled = words(fs.readOrEmpty(level.resolve("cgroup.subtree_control")));
        for (Controller c : h.controllers()) {
            String n = c.v2Name().orElse(null);
            if (n == null || !available.contains(n) || enabled.contains(n)) {
                continue;
            }
            Path file = level.resolve("cgroup.subtree_control");
            try {
                fs.write(file, "+" + n);
                LOG.info("Enabled cgroup controller {} in {}", n, file);
            } catch (IOException e) {
                LOG.warn("Cannot enable cgroup controller {} in {}: {}", n, file, ControlFiles.reason(e));
            }
        }
    }

    private static Set<String> words(String text) {
        String t = text.trim();
        return t.isEmpty() ? Set.of() : new HashSet<>(List.of(t.split("\\s+")));
    }

    /** A container group left by a crashed run: removed if nothing runs in it, else an error. */
    private void removeStale(Hierarchy h, Path dir) throws CgroupException {
        List<Long> pids;
        try {
            pids = fs.readPids(dir.resolve(h.procsFile()));
        } catch (IOException e) {
            throw new CgroupException("reading " + dir.resolve(h.procsFile()) + ": " + ControlFiles.reason(e), e);
        }
        if (!pids.isEmpty()) {
            throw new CgroupException(dir + " exists and holds processes " + pids);
        }
        LOG.warn("Removing stale cgroup {}", dir);
        rmdir(fs, dir);
    }

    // --- removal --------------------------------------------------------------------------

    /** Kills every process left in the group and waits until the group is empty. */
    private void drain(CgroupHandle.Group g) throws CgroupException {
        Path procs = g.procsFile();
        Path kill = g.directory().resolve("cgroup.kill");
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        boolean cgroupKill = g.hierarchy().version() == CgroupVersion.V2 && fs.exists(kill);
        boolean killed = false;
        while (true) {
            List<Long> pids;
            try {
                pids = fs.readPids(procs);
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                throw new CgroupException("reading " + procs + ": " + ControlFiles.reason(e), e);
            }
            if (pids.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new CgroupException(g.directory() + " still holds processes " + pids + " after SIGKILL");
            }
            if (!killed) {
                LOG.warn("Killing processes {} left in cgroup {}", pids, g.directory());
            }
            if (cgroupKill && !killed) {
                try {
                    // kills the whole group atomically, including processes forked meanwhile
                    fs.write(kill, "1");
                } catch (IOException e) {
                    cgroupKill = false;
                }
            }
            if (!cgroupKill) {
                for (long pid : pids) {
                    fs.kill(pid);
                }
            }
            killed = true;
            sleep(10);
        }
    }

    /** rmdir with Northstar's retry schedule (10/20/40/80 ms) for a group that is still draining. */
    private static void rmdir(CgroupFs fs, Path dir) throws CgroupException {
        IOException last = null;
        for (int attempt = 0; attempt <= RMDIR_BACKOFF_MILLIS.length; attempt++) {
            try {
                fs.rmdir(dir);
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                last = e;
            }
            if (attempt < RMDIR_BACKOFF_MILLIS.length) {
                sleep(RMDIR_BACKOFF_MILLIS[attempt]);
            }
        }
        throw new CgroupException("rmdir " + dir + ": " + ControlFiles.reason(last), last);
    }

    private static void removeCreated(CgroupFs fs, List<Path> created) {
        List<Path> reversed = new ArrayList<>(created);
        Collections.reverse(reversed);
        for (Path p : reversed) {
            try {
                rmdir(fs, p);
            } catch (CgroupException e) {
                LOG.error("Cleaning up: {}", e.getMessage());
            }
        }
    }

    private void removeEmptyParents(CgroupHandle handle) {
        for (CgroupHandle.Group g : handle.groups()) {
            Set<Path> chain = new LinkedHashSet<>();
            for (Path p = g.directory().getParent(); p != null && createdParents.contains(p); p = p.getParent()) {
                chain.add(p);
            }
            for (Path p : chain) {
                try {
                    fs.rmdir(p);
                    createdParents.remove(p);
                } catch (DirectoryNotEmptyException e) {
                    break;
                } catch (IOException e) {
                    // EBUSY: another container still uses this parent
                    break;
                }
            }
        }
    }

    /**
     * Validates a group path from configuration or a manifest: relative to the hierarchy root,
     * no "." or ".." segments, no NUL. A leading '/' is dropped (Northstar joins paths, so an
     * absolute parent would name the same place).
     */
    static String relativeGroupPath(String path, String what) throws CgroupException {
        if (path == null || path.isBlank()) {
            throw new CgroupException(what + " is empty");
        }
        if (path.indexOf('\0') >= 0) {
            throw new CgroupException(what + " \"" + path.replace("\0", "\\0") + "\" contains NUL");
        }
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            throw new CgroupException(what + " \"" + path + "\" names the hierarchy root");
        }
        for (String segment : p.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new CgroupException(what + " \"" + path + "\" must be a plain relative path (no empty, '.' or '..' segments)");
            }
        }
        return p;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
