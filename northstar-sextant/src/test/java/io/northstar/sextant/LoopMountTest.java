package io.northstar.sextant;

import io.northstar.npk.FsImage;
import io.northstar.npk.Npk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The kernel mounts the squashfs of a packed NPK in place, through a loop
 * device at the fs.img data offset and size the reader reports, as the
 * runtime does (util-linux losetup/mount stand in for the runtime's ioctls).
 */
class LoopMountTest {
    @TempDir
    Path tmp;

    @Test
    void packedImageMountsInPlaceAtTheReportedOffset() throws Exception {
        Optional<String> missing = Tools.squashfsUnavailable();
        if (missing.isEmpty() && (Tools.find("losetup").isEmpty() || Tools.find("mount").isEmpty())) {
            missing = Optional.of("losetup/mount not installed (Debian package util-linux, mount)");
        }
        if (missing.isEmpty() && !Files.exists(Path.of("/dev/loop-control"))) {
            missing = Optional.of("no /dev/loop-control: the kernel has no loop device support");
        }
        Tools.assumeAvailable("LoopMountTest", missing);

        Path root = Files.createDirectories(tmp.resolve("root/bin"));
        Files.writeString(root.resolve("app"), "payload\n");
        Path manifest = Files.writeString(tmp.resolve("m.yaml"), "name: loop\nversion: 0.0.1\ninit: /bin/app\nuid: 1000\ngid: 1000\n");
        Path keys = Files.createDirectory(tmp.resolve("keys"));
        assertEquals(0, SextantRun.of("gen-key", "-n", "k", "-o", keys.toString()).exitCode());
        Path npk = tmp.resolve("loop.npk");
        SextantRun pack = SextantRun.of("pack", "-m", manifest.toString(), "-r", tmp.resolve("root").toString(),
                "-k", keys.resolve("k.key").toString(), "-o", npk.toString());
        assertEquals(0, pack.exitCode(), pack.toString());
        FsImage fs = Npk.read(npk, Optional.empty()).fsImage();

        Path mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        String device = run("losetup", "--find", "--show", "--read-only", "--offset", Long.toString(fs.offset()),
                "--sizelimit", Long.toString(fs.size()), npk.toString()).strip();
        boolean mounted = false;
        try {
            run("mount", "-t", "squashfs", "-o", "ro,nosuid", device, mountPoint.toString());
            mounted = true;
            assertEquals("payload\n", Files.readString(mountPoint.resolve("bin/app"), StandardCharsets.UTF_8));
        } finally {
            if (mounted) {
                run("umount", mountPoint.toString());
            }
            run("losetup", "--detach", device);
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        return out;
    }
}
