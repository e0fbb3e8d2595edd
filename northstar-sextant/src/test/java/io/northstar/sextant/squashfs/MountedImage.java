package io.northstar.sextant.squashfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A squashfs image loop-mounted read-only by the kernel (needs root), unmounted on close. */
record MountedImage(Path dir) implements AutoCloseable {
    /** Why the kernel checks cannot run here, or empty if they can. */
    static Optional<String> unavailable() {
        try {
            if ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") != 0) {
                return Optional.of("not running as root (mounting a squashfs image needs CAP_SYS_ADMIN)");
            }
            if (!Files.readString(Path.of("/proc/filesystems")).contains("squashfs")) {
                return Optional.of("the kernel has no squashfs support (/proc/filesystems)");
            }
        } catch (IOException e) {
            return Optional.of("cannot read /proc: " + e.getMessage());
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            return Optional.of("no /dev/loop-control: the kernel has no loop device support");
        }
        for (String tool : List.of("mount", "umount", "unsquashfs", "python3")) {
            if (find(tool).isEmpty()) {
                return Optional.of(tool + " is not installed (util-linux/mount, squashfs-tools, python3 for xattrs)");
            }
        }
        return Optional.empty();
    }

    static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return dirs.stream().map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }

    static MountedImage mount(Path image, Path at) throws Exception {
        Files.createDirectories(at);
        run("mount", "-t", "squashfs", "-o", "loop,ro", image.toString(), at.toString());
        return new MountedImage(at);
    }

    /** Every extended attribute below (and including) the mount point, by relative path; links not followed. */
    Map<String, Map<String, String>> xattrs() throws Exception {
        String script = """
                import os, sys
                root = sys.argv[1]
                for d, dirs, files in os.walk(root):
                    for p in [d] + [os.path.join(d, f) for f in files + [x for x in dirs if os.path.islink(os.path.join(d, x))]]:
                        for n in os.listxattr(p, follow_symlinks=False):
                            print(os.path.relpath(p, root) + "\\t" + n + "\\t" + os.getxattr(p, n, follow_symlinks=False).hex())
                """;
        String out = run("python3", "-c", script, dir.toString());
        Map<String, Map<String, String>> result = new TreeMap<>();
        for (String line : out.lines().toList()) {
            String[] f = line.split("\t");
            result.computeIfAbsent(f[0], k -> new TreeMap<>())
                    .put(f[1], new String(HexFormat.of().parseHex(f.length > 2 ? f[2] : ""), StandardCharsets.UTF_8));
        }
        return result;
    }

    @Override
    public void close() throws Exception {
        run("umount", dir.toString());
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        return out;
    }
}
