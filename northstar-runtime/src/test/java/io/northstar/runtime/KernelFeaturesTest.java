package io.northstar.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelFeaturesTest {

    @TempDir
    Path root;

    private void host(String filesystems, boolean loopControl, String... namespaces) throws IOException {
        Files.createDirectories(root.resolve("proc/self/ns"));
        Files.createDirectories(root.resolve("dev"));
        Files.writeString(root.resolve("proc/filesystems"), filesystems);
        Files.writeString(root.resolve("proc/self/status"), "Name:\tjava\nUid:\t0\t0\t0\t0\nSeccomp:\t0\n");
        Files.writeString(root.resolve("proc/self/cgroup"), "0::/\n");
        if (loopControl) {
            Files.createFile(root.resolve("dev/loop-control"));
        }
        for (String ns : namespaces) {
            Files.createFile(root.resolve("proc/self/ns").resolve(ns));
        }
    }

    @Test
    void completeHostLacksNothing() throws IOException {
        host("nodev\tsysfs\n\text4\n\tsquashfs\n", true, "mnt", "pid", "ipc", "uts", "net");
        assertEquals(List.of(), KernelFeatures.missing(root));
        assertEquals(0, KernelFeatures.effectiveUid(root));
    }

    @Test
    void namesTheConfigOptionOfWhatIsMissing() throws IOException {
        host("nodev\tsysfs\n\text4\n", false, "mnt", "ipc", "uts", "net");
        List<String> missing = KernelFeatures.missing(root).stream().map(KernelFeatures.Feature::configOption).toList();
        assertEquals(List.of("CONFIG_SQUASHFS", "CONFIG_BLK_DEV_LOOP", "CONFIG_PID_NS"), missing);
    }

    @Test
    void thisHostIsComplete() {
        // The build machines have everything the runtime needs (see TEAM.md).
        assertEquals(List.of(), KernelFeatures.missing(Path.of("/")));
    }
}
