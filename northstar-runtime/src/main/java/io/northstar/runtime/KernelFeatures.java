package io.northstar.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * The kernel features the runtime cannot work without, each probed through /proc, /sys or /dev
 * and named after the kernel configuration option that provides it, so an operator knows what to
 * enable when the daemon refuses to start.
 */
public final class KernelFeatures {

    /** One required feature: a human name, the CONFIG_ option and a probe against the host root. */
    public record Feature(String name, String configOption, Predicate<Path> present) {
        public String describe() {
            return name + " (" + configOption + ")";
        }
    }

    public static final List<Feature> REQUIRED = List.of(
            new Feature("squashfs file system", "CONFIG_SQUASHFS",
                    root -> fileSystemListed(root, "squashfs")),
            new Feature("loop devices (/dev/loop-control)", "CONFIG_BLK_DEV_LOOP",
                    root -> Files.exists(root.resolve("dev/loop-control"))),
            namespace("mount", "CONFIG_NAMESPACES", "mnt"),
            namespace("PID", "CONFIG_PID_NS", "pid"),
            namespace("IPC", "CONFIG_IPC_NS", "ipc"),
            namespace("UTS", "CONFIG_UTS_NS", "uts"),
            namespace("network", "CONFIG_NET_NS", "net"),
            new Feature("seccomp", "CONFIG_SECCOMP",
                    root -> statusHasField(root, "Seccomp:")),
            new Feature("control groups", "CONFIG_CGROUPS",
                    root -> Files.exists(root.resolve("proc/self/cgroup"))));

    /** Device-mapper is optional: without it verified repositories fall back to user-space verity. */
    public static final Feature DEVICE_MAPPER = new Feature("device-mapper (/dev/mapper/control)",
            "CONFIG_BLK_DEV_DM", root -> Files.exists(root.resolve("dev/mapper/control")));

    private KernelFeatures() {
    }

    /** The required features that the host rooted at {@code root} lacks, in declaration order. */
    public static List<Feature> missing(Path root) {
        return REQUIRED.stream().filter(f -> !f.present().test(root)).toList();
    }

    /** A namespace kind: present when the process has its {@code /proc/self/ns} entry. */
    private static Feature namespace(String kind, String configOption, String nsFile) {
        return new Feature(kind + " namespaces", configOption, root -> Files.exists(root.resolve("proc/self/ns/" + nsFile)));
    }

    private static boolean fileSystemListed(Path root, String fs) {
        Path file = root.resolve("proc/filesystems");
        try {
            return Files.readAllLines(file).stream()
                    .map(line -> line.substring(line.lastIndexOf('\t') + 1).trim())
                    .anyMatch(fs::equals);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean statusHasField(Path root, String field) {
        try {
            return Files.readAllLines(root.resolve("proc/self/status")).stream()
                    .anyMatch(line -> line.startsWith(field));
        } catch (IOException e) {
            return false;
        }
    }

    /** The effective uid of this process, from /proc/self/status (no syscall binding needed). */
    public static long effectiveUid(Path root) {
        try {
            for (String line : Files.readAllLines(root.resolve("proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + root.resolve("proc/self/status"), e);
        }
        throw new IllegalStateException("no Uid line in " + root.resolve("proc/self/status"));
    }
}
