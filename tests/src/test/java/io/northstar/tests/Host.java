package io.northstar.tests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the integration tests need from the machine; each missing item skips with its reason. */
final class Host {

    private Host() {
    }

    static void assumeRuntimeCanRun() throws IOException {
        assumeTrue(isRoot(), "integration tests start the runtime, which must run as root");
        assumeTrue(Files.exists(Path.of("/dev/loop-control")),
                "the kernel has no loop devices (/dev/loop-control, CONFIG_BLK_DEV_LOOP)");
        assumeTrue(Files.readString(Path.of("/proc/filesystems")).contains("squashfs"),
                "the kernel has no squashfs (CONFIG_SQUASHFS)");
        assumeTrue(onPath("unshare"), "util-linux unshare is needed to give the runtime a private mount namespace");
    }

    static void assumeMksquashfs() {
        assumeTrue(onPath("mksquashfs"), "mksquashfs (squashfs-tools) is needed to pack test NPKs");
    }

    /**
     * Skips unless this host can run the runtime and pack NPKs (the two checks above); then a fresh
     * directory for one test's runtime (config, repositories, console socket, log).
     */
    static Path runtimeRoot(String name) throws IOException {
        assumeMksquashfs();
        return tempRoot(name);
    }

    /** As {@link #runtimeRoot}, for a test that packs no NPK of its own: mksquashfs is not needed. */
    static Path tempRoot(String name) throws IOException {
        assumeRuntimeCanRun();
        return Files.createTempDirectory("northstar-" + name + "-");
    }

    private static boolean isRoot() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[2].equals("0");
            }
        }
        return false;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
