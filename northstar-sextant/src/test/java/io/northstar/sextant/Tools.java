package io.northstar.sextant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

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
