package io.northstar.sextant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Test preconditions: root and squashfs-tools. */
final class Tools {
    private Tools() {
    }

    static Optional<Path> find(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/bin"}) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Skips the calling test where the squashfs tools cannot run, printing why with {@code what} (the test). */
    static void assumeSquashfs(String what) {
        assumeAvailable(what, squashfsUnavailable());
    }

    /** Skips the calling test where {@code missing} names a missing precondition, printing it with {@code what}. */
    static void assumeAvailable(String what, Optional<String> missing) {
        missing.ifPresent(reason -> System.out.println(what + " skipped: " + reason));
        assumeTrue(missing.isEmpty(), missing.orElse(""));
    }

    /** Why the squashfs tests cannot run here, or empty if they can. */
    static Optional<String> squashfsUnavailable() {
        if (!isRoot()) {
            return Optional.of("not running as root (unsquashfs must create device nodes and set owners)");
        }
        if (find("mksquashfs").isEmpty() || find("unsquashfs").isEmpty()) {
            return Optional.of("mksquashfs/unsquashfs not installed (Debian package squashfs-tools)");
        }
        return Optional.empty();
    }
}
