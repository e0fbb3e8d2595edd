package io.northstar.runtime.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Real processes in real groups for the cgroup integration tests. */
final class CgroupTestSupport {

    private CgroupTestSupport() {
    }

    /** A top-level group name no other test run uses. */
    static String uniqueTopLevel(String test) {
        return "ns-test-" + test + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 1_000_000;
    }

    static void assumeRoot() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            System.out.println("SKIPPED: cgroup tests need root (running as " + System.getProperty("user.name") + ")");
        }
        Assumptions.assumeTrue(root, "cgroup tests need root (running as " + System.getProperty("user.name") + ")");
    }

    /** Skips unless {@code controller} is available in {@code version} on this system. */
    static CgroupLayout assumeController(Controller controller, CgroupVersion version) throws IOException {
        assumeRoot();
        CgroupLayout layout = CgroupLayout.detect();
        boolean present = layout.versionOf(controller).filter(v -> v == version).isPresent();
        String reason = "no cgroup " + version.name().toLowerCase() + " " + controller.name().toLowerCase() + " controller: "
                + layout.describe();
        if (!present) {
            System.out.println("SKIPPED: " + reason);
        }
        Assumptions.assumeTrue(present, reason);
        return layout;
    }

    /** A control file's value without the kernel's trailing newline. */
    static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file)).trim();
    }

    /** The control files in {@code dir} hold the values {@code expected} gives them (compared all at once). */
    static void assertControlFiles(Path dir, Map<String, String> expected) throws IOException {
        Map<String, String> actual = new TreeMap<>();
        for (String file : expected.keySet()) {
            actual.put(file, read(dir, file));
        }
        assertEquals(new TreeMap<>(expected), actual, "control files in " + dir);
    }

    /**
     * Starts {@code command} in the group: a shell writes its own pid into every procs file of
     * the handle and then execs the command, so the command runs in the group from its first
     * instruction (what the forker does for a container).
     */
    static Process startIn(CgroupHandle handle, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of("sh", "-c",
                "for f in $NS_PROCS; do echo $$ > \"$f\" || exit 99; done; exec \"$@\"", "sh"));
        argv.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("NS_PROCS", String.join(" ", handle.procsFiles().stream().map(Path::toString).toList()));
        return pb.start();
    }

    static String output(Process p) throws IOException {
        try (InputStream in = p.getInputStream()) {
            return new String(in.readAllBytes());
        }
    }

    static int waitFor(Process p) throws InterruptedException {
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("process " + p.pid() + " did not finish");
        }
        return p.exitValue();
    }

    /** The memory eater, compiled with the system C compiler once per build directory. */
    static Path memeater() throws IOException, InterruptedException {
        // beside target/test-classes, whatever the working directory (the VM runs start elsewhere)
        Path dir;
        try {
            dir = Path.of(CgroupTestSupport.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getParent().resolve("test-helpers");
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        Path exe = dir.resolve("memeater");
        if (Files.isExecutable(exe)) {
            return exe;
        }
        Files.createDirectories(dir);
        Path src = dir.resolve("memeater.c");
        try (InputStream in = CgroupTestSupport.class.getResourceAsStream("memeater.c")) {
            Files.write(src, in.readAllBytes());
        }
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/cc")) || Files.isExecutable(Path.of("/usr/bin/gcc")),
                "no C compiler (/usr/bin/cc) to build the memory eater");
        Path tmp = dir.resolve("memeater.tmp");
        Process cc = new ProcessBuilder("cc", "-O1", "-o", tmp.toString(), src.toString()).redirectErrorStream(true).start();
        String out = output(cc);
        if (waitFor(cc) != 0) {
            throw new IOException("compiling memeater.c failed: " + out);
        }
        Files.move(tmp, exe, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return exe;
    }

    /** major:minor of a block device of this system (loop devices exist on every test machine). */
    static long[] someBlockDevice() throws IOException {
        Path dev = Path.of("/sys/block/loop0/dev");
        Assumptions.assumeTrue(Files.exists(dev), "no block device /sys/block/loop0 for the blkio throttle");
        String[] mm = Files.readString(dev).trim().split(":");
        return new long[] {Long.parseLong(mm[0]), Long.parseLong(mm[1])};
    }

    /** A memeater that the OOM killer ended in its group "memeater", and the memory events seen for the group. */
    record OomKill(CgroupHandle handle, MemoryMonitor monitor, List<MemoryEvent> events) {
    }

    /**
     * Runs memeater (it asks for 200 MiB) in a new group "memeater" limited to 20 MiB and monitored, asserts
     * that the OOM killer's SIGKILL ended it, and waits up to {@code eventWait} for the event with oom_kill.
     */
    static OomKill oomKill(CgroupManager m, Duration eventWait) throws Exception {
        Path eater = memeater();
        CgroupHandle h = m.create("memeater", new CgroupSettings(null, CgroupSettings.Memory.limit(20L << 20, true), null, null, null));
        List<MemoryEvent> events = new CopyOnWriteArrayList<>();
        MemoryMonitor monitor = m.monitorMemory(h, events::add);
        Process p = startIn(h, eater.toString(), "200");
        String out = output(p);
        assertEquals(128 + 9, waitFor(p), "memeater must be OOM-killed (SIGKILL), output: " + out);
        long polls = eventWait.toMillis() / 10;
        for (int i = 0; i < polls && events.stream().noneMatch(e -> e.oomKill() != null && e.oomKill() >= 1); i++) {
            Thread.sleep(10);
        }
        assertFalse(events.isEmpty(), "no memory event");
        return new OomKill(h, monitor, events);
    }

    /** Eight background sleeps in a new group "forker" limited to 4 pids: the shell reports failed forks. */
    static CgroupHandle forkBeyondThePidsLimit(CgroupManager m) throws Exception {
        CgroupHandle h = m.create("forker", new CgroupSettings(null, null, null, null, new CgroupSettings.Pids(4L)));
        Process p = startIn(h, "sh", "-c", "for i in 1 2 3 4 5 6 7 8; do sleep 1 & done; wait");
        String out = output(p);
        waitFor(p);
        assertTrue(out.contains("fork") || out.contains("Resource temporarily unavailable") || out.contains("Cannot"), out);
        return h;
    }
}
