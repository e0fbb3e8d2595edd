package io.northstar.runtime.cgroups;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Starts {@code command} in the group: a shell writes its own pid into every procs file of
     * the handle and then execs the command, so the command runs in the group from its first
     * instruction (what the forker does for a container).
     */
    /** A control file's value without the kernel's trailing newline. */
    static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file)).trim();
    }

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
}
