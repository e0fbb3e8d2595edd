package io.northstar.runtime.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.runtime.sys.Errno;
import io.northstar.runtime.sys.Mounts;
import io.northstar.runtime.sys.RecordingKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mount logic of {@link ImageMounter} against the kernel double (docs/kernel.md): order of the
 * calls, error context and cleanup on every failure, without root. {@link ImageMounterTest} does
 * the same mounts on the real kernel.
 */
class ImageMounterLogicTest {
    static final Container HELLO = Container.of("hello", "0.0.1");

    @TempDir
    Path dir;
    Path npk;
    Path target;
    final RecordingKernel kernel = new RecordingKernel();
    ImageMounter mounter;

    @BeforeEach
    void setUp() throws Exception {
        npk = Files.write(dir.resolve("hello.npk"), new byte[5 * 4096]);
        target = dir.resolve("run/hello:0.0.1");
        mounter = ImageMounter.withoutDeviceMapper(kernel, new LoopAttacher(kernel, Duration.ofMillis(100)), kernel,
                HashTreeVerifier.NPK, WithoutDeviceMapper.verifyCopies());
    }

    private MountRequest request() {
        return new MountRequest(HELLO, new ImageSource.File(npk), 4096, 8192, Optional.empty(), target);
    }

    @Test
    void mountsTheLoopDeviceReadOnlyAndLetsAutoclearReleaseIt() throws Exception {
        MountedImage mounted = mounter.mount(request());
        assertEquals("/dev/loop0", mounted.device());
        assertEquals(List.of("mount /dev/loop0 " + target + " squashfs flags=0x"
                + Long.toHexString(Mounts.MS_RDONLY | Mounts.MS_NOSUID) + " data=null"), kernel.calls("mount"));
        assertEquals(List.of(), kernel.openDevices(), "the mount holds the device, not our descriptor");
        assertEquals(Set.of(0), kernel.bound());

        mounter.umount(mounted);
        assertEquals(Set.of(), kernel.mounted());
        assertEquals(Set.of(), kernel.bound(), "AUTOCLEAR detached the device with the mount");
        assertFalse(Files.exists(target));
    }

    @Test
    void aFailedMountNamesContainerCallAndErrnoAndLeavesNothing() {
        kernel.fail("mount", Errno.EINVAL);
        MountException e = assertThrows(MountException.class, () -> mounter.mount(request()));
        assertEquals("mounting hello:0.0.1: mount /dev/loop0 on " + target + " (squashfs) failed: EINVAL",
                e.getMessage());
        assertEquals(HELLO, e.container());
        assertEquals(List.of(), kernel.openDevices());
        assertEquals(Set.of(), kernel.bound());
        assertFalse(Files.exists(target), "the mount point it created is removed again");
    }

    @Test
    void aLoopDeviceTimeoutIsAMountError() {
        kernel.failAlways("LOOP_CONFIGURE", Errno.EBUSY);
        MountException e = assertThrows(MountException.class, () -> mounter.mount(request()));
        assertTrue(e.getMessage().startsWith("mounting hello:0.0.1: failed to acquire loop device within 100ms "
                + "(last: LOOP_CONFIGURE on /dev/loop"), e.getMessage());
        assertEquals(List.of(), kernel.calls("mount"));
        assertFalse(Files.exists(target));
    }

    @Test
    void anExistingMountPointIsKeptWhenTheMountFails() throws Exception {
        Files.createDirectories(target);
        kernel.fail("mount", Errno.ENODEV);
        MountException e = assertThrows(MountException.class, () -> mounter.mount(request()));
        assertTrue(e.getMessage().endsWith("(squashfs) failed: ENODEV"), e.getMessage());
        assertTrue(Files.isDirectory(target), "not ours to remove");
    }

    @Test
    void aBusyUmountSaysSoAndKeepsMountAndMountPoint() throws Exception {
        MountedImage mounted = mounter.mount(request());
        kernel.fail("umount", Errno.EBUSY);
        MountException e = assertThrows(MountException.class, () -> mounter.umount(mounted));
        assertEquals("umounting hello:0.0.1: umount " + target + " failed: EBUSY", e.getMessage());
        assertEquals(Set.of(target.toString()), kernel.mounted());
        assertTrue(Files.isDirectory(target));
        mounter.umount(mounted);
        assertEquals(Set.of(), kernel.mounted());
    }

    @Test
    void aMissingImageFailsBeforeAnyKernelCall() throws Exception {
        Files.delete(npk);
        MountException e = assertThrows(MountException.class, () -> mounter.mount(request()));
        assertTrue(e.getMessage().startsWith("mounting hello:0.0.1: "), e.getMessage());
        assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
        assertEquals(List.of(), kernel.calls());
        assertFalse(Files.exists(target));
    }
}
