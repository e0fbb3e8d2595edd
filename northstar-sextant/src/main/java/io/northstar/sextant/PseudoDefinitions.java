package io.northstar.sextant;

import io.northstar.common.NonNulString;
import io.northstar.manifest.Manifest;
import io.northstar.manifest.Mount;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The mksquashfs pseudo-file definitions for a manifest's mount points and
 * {@code /dev} nodes (docs/npk-format.md, "Mount points and /dev nodes"), line for line as Northstar's
 * packer writes them, so that images built with the same mksquashfs are the
 * same.
 */
final class PseudoDefinitions {
    /**
     * One definition: a mksquashfs pseudo line ({@link #text()}) and what the
     * Java squashfs writer creates from it. {@code x} lines need mksquashfs 4.6.
     */
    sealed interface Line permits Dir, CharDevice, Symlink, Xattr {
        /** The absolute path in the image. */
        String path();

        String text();

        default boolean xattr() {
            return false;
        }
    }

    record Dir(String path, int mode, int uid, int gid) implements Line {
        @Override
        public String text() {
            return path + " d " + Integer.toOctalString(mode) + " " + uid + " " + gid;
        }
    }

    record CharDevice(String path, int mode, int uid, int gid, int major, int minor) implements Line {
        @Override
        public String text() {
            return path + " c " + Integer.toOctalString(mode) + " " + uid + " " + gid + " " + major + " " + minor;
        }
    }

    record Symlink(String path, int mode, int uid, int gid, String target) implements Line {
        @Override
        public String text() {
            return path + " s " + Integer.toOctalString(mode) + " " + uid + " " + gid + " " + target;
        }
    }

    record Xattr(String path, String name, String value) implements Line {
        @Override
        public String text() {
            return path + " x " + name + "=" + value;
        }

        @Override
        public boolean xattr() {
            return true;
        }
    }

    private record Device(String name, int major, int minor, String label) {
    }

    /** Northstar's labels, shifted by one device (full gets null's label...): kept for identical images. */
    private static final List<Device> DEVICES = List.of(
            new Device("full", 1, 7, "u:object_r:null_device:s0"),
            new Device("null", 1, 3, "u:object_r:full_device:s0"),
            new Device("random", 1, 8, "u:object_r:full_device:s0"),
            new Device("tty", 5, 0, "u:object_r:owntty_device:s0"),
            new Device("urandom", 1, 9, "u:object_r:random_device:s0"),
            new Device("zero", 1, 5, "u:object_r:zero_device:s0"));

    private static final List<String[]> FD_LINKS = List.of(
            new String[] {"fd", "/proc/self/fd"},
            new String[] {"stdin", "/proc/self/fd/0"},
            new String[] {"stdout", "/proc/self/fd/1"},
            new String[] {"stderr", "/proc/self/fd/2"});

    private PseudoDefinitions() {
    }

    static List<Line> of(Manifest manifest) {
        Owner owner = new Owner(manifest.uid(), manifest.gid());
        boolean procAtProc = manifest.mounts().entrySet().stream()
                .anyMatch(e -> e.getKey().value().equals("/proc") && e.getValue() instanceof Mount.Proc);
        List<Map.Entry<NonNulString, Mount>> mounts = new ArrayList<>(manifest.mounts().entrySet());
        mounts.sort(Comparator.comparing(e -> e.getKey().value().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
        List<Line> lines = new ArrayList<>();
        for (Map.Entry<NonNulString, Mount> entry : mounts) {
            String target = entry.getKey().value();
            Mount mount = entry.getValue();
            dirLines(lines, target, mode(mount), owner);
            if (mount instanceof Mount.Dev) {
                devices(lines, target, owner, procAtProc);
            }
        }
        return lines;
    }

    /** The definitions as mksquashfs reads them, one per line; without xattr lines for mksquashfs 4.5. */
    static String render(List<Line> lines, boolean withXattrs) {
        StringBuilder b = new StringBuilder();
        for (Line line : lines) {
            if (withXattrs || !line.xattr()) {
                b.append(line.text()).append('\n');
            }
        }
        return b.toString();
    }

    private record Owner(int uid, int gid) {
    }

    private static int mode(Mount mount) {
        return switch (mount) {
            case Mount.Bind bind -> bind.isReadWrite() ? 0755 : 0555;
            case Mount.Proc proc -> 0444;
            case Mount.Sysfs sysfs -> 0444;
            case Mount.Resource resource -> 0555;
            case Mount.Dev dev -> 0755;
            case Mount.Persist persist -> 0755;
            case Mount.Sockets sockets -> 0755;
            case Mount.Tmpfs tmpfs -> 0755;
        };
    }

    /** One {@code d} line per path prefix: {@code /a}, {@code /a/b}, {@code /a/b/c}. */
    private static void dirLines(List<Line> lines, String target, int mode, Owner owner) {
        StringBuilder prefix = new StringBuilder();
        for (String component : target.split("/")) {
            if (component.isEmpty()) {
                continue;
            }
            prefix.append('/').append(component);
            lines.add(new Dir(prefix.toString(), mode, owner.uid(), owner.gid()));
        }
    }

    private static void devices(List<Line> lines, String target, Owner owner, boolean procAtProc) {
        String base = target.endsWith("/") ? target : target + "/";
        for (Device d : DEVICES) {
            lines.add(new CharDevice(base + d.name, 0666, owner.uid(), owner.gid(), d.major, d.minor));
            lines.add(new Xattr(base + d.name, "security.selinux", d.label));
        }
        if (procAtProc) {
            lines.add(new Dir("/proc/self/fd", 0777, owner.uid(), owner.gid()));
            for (String[] link : FD_LINKS) {
                lines.add(new Symlink(base + link[0], 0777, owner.uid(), owner.gid(), link[1]));
                lines.add(new Xattr(base + link[0], "security.selinux", "u:r:su:s0"));
            }
        }
    }
}
