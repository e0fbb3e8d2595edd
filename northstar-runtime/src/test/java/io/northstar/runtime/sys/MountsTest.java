package io.northstar.runtime.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountsTest {

    @BeforeAll
    static void requireRoot() {
        assumeTrue(jnr.posix.POSIXFactory.getNativePOSIX().geteuid() == 0, "mount(2) needs root (CAP_SYS_ADMIN)");
    }

    static String mountLine(Path target) throws Exception {
        // mountinfo field 5 is the mount point
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.split(" ")[4].equals(target.toString())).findFirst().orElse(null);
    }

    @Test
    void mountAndUmountTmpfs(@TempDir Path dir) throws Exception {
        Path target = Files.createDirectory(dir.resolve("t"));
        Mounts.mount("northstar-test", target.toString(), "tmpfs", Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC,
                "size=64k,mode=0755");
        try {
            String line = mountLine(target);
            assertTrue(line != null && line.contains(" - tmpfs northstar-test "), line);
            assertTrue(line.split(" ")[5].contains("nosuid") && line.split(" ")[5].contains("nodev"), line);
            Files.writeString(target.resolve("f"), "x");
        } finally {
            Mounts.umount2(target.toString(), 0);
        }
        assertEquals(null, mountLine(target));
        assertFalse(Files.exists(target.resolve("f")));
    }

    @Test
    void readOnlyRemount(@TempDir Path dir) throws Exception {
        Path target = Files.createDirectory(dir.resolve("t"));
        Mounts.mount("northstar-test", target.toString(), "tmpfs", 0, null);
        try {
            Mounts.mount(null, target.toString(), null, Mounts.MS_REMOUNT | Mounts.MS_RDONLY, null);
            assertTrue(mountLine(target).split(" ")[5].startsWith("ro"));
        } finally {
            Mounts.umount2(target.toString(), Mounts.MNT_DETACH);
        }
    }

    @Test
    void errorsNameTheCallAndErrno(@TempDir Path dir) throws Exception {
        Path target = Files.createDirectory(dir.resolve("t"));
        SyscallException notMounted = assertThrows(SyscallException.class, () -> Mounts.umount2(target.toString(), 0));
        assertEquals("umount " + target + " failed: EINVAL", notMounted.getMessage());
        SyscallException noFs = assertThrows(SyscallException.class,
                () -> Mounts.mount("x", target.toString(), "no-such-fs", 0, null));
        assertEquals("mount x on " + target + " (no-such-fs) failed: ENODEV", noFs.getMessage());
        SyscallException noTarget = assertThrows(SyscallException.class,
                () -> Mounts.mount("x", dir.resolve("missing").toString(), "tmpfs", 0, null));
        assertEquals(Errno.ENOENT, noTarget.errno());
        assertEquals(null, mountLine(target));
    }
}
