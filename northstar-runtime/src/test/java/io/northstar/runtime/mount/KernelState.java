package io.northstar.runtime.mount;

import io.northstar.runtime.sys.DeviceMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the kernel holds for a test: mounts below a directory, loop devices
 * whose backing file contains a token, device-mapper devices. Used to prove
 * nothing leaked.
 */
final class KernelState {
    private KernelState() {
    }

    static List<String> mountsBelow(Path dir) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String mountPoint = line.split(" ")[4];
            if (mountPoint.startsWith(dir.toString())) {
                found.add(line);
            }
        }
        return found;
    }

    static List<String> loopDevicesBackedBy(String token) throws IOException {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> blocks = Files.newDirectoryStream(Path.of("/sys/block"), "loop*")) {
            for (Path block : blocks) {
                Path backing = block.resolve("loop/backing_file");
                try {
                    String file = Files.readString(backing).trim();
                    if (file.contains(token)) {
                        found.add(block.getFileName() + " -> " + file);
                    }
                } catch (java.nio.file.NoSuchFileException unbound) {
                    // not bound
                }
            }
        }
        return found;
    }

    /** Device-mapper devices named northstar-*, or empty where the kernel has no device-mapper. */
    static List<String> northstarDmDevices() throws IOException {
        if (DeviceMapper.unavailableReason() != null) {
            return List.of();
        }
        try (DeviceMapper dm = DeviceMapper.open()) {
            return dm.listDevices().stream().filter(n -> n.startsWith("northstar-")).toList();
        }
    }

    /**
     * Waits (bounded) for auto-clearing loop devices and deferred dm removal,
     * which the kernel may finish just after umount returns; then reports what is left.
     */
    static String leaks(Path dir, String token) throws IOException, InterruptedException {
        for (int i = 0; ; i++) {
            List<String> mounts = mountsBelow(dir);
            List<String> loops = loopDevicesBackedBy(token);
            List<String> dms = northstarDmDevices();
            if (mounts.isEmpty() && loops.isEmpty() && dms.isEmpty()) {
                return "";
            }
            if (i >= 500) {
                return "mounts " + mounts + ", loop devices " + loops + ", dm devices " + dms;
            }
            Thread.sleep(10);
        }
    }
}
