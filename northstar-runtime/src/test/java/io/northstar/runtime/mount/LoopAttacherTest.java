package io.northstar.runtime.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.runtime.sys.Errno;
import io.northstar.runtime.sys.LoopCalls;
import io.northstar.runtime.sys.LoopInfo64;
import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.RecordingKernel;
import io.northstar.runtime.sys.SyscallException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The loop attach logic against the kernel double: no root (docs/kernel.md). */
class LoopAttacherTest {
    private static final int RO_AUTOCLEAR = LoopInfo64.LO_FLAGS_READ_ONLY | LoopInfo64.LO_FLAGS_AUTOCLEAR;

    @TempDir
    Path dir;
    NativeFd backing;
    final RecordingKernel kernel = new RecordingKernel();

    @BeforeEach
    void backingFile() throws Exception {
        backing = NativeFd.open(Files.write(dir.resolve("image"), new byte[16384]).toString(), NativeFd.O_RDONLY);
    }

    @AfterEach
    void closeBacking() {
        backing.closeQuietly();
    }

    private String configure(int index) {
        return "LOOP_CONFIGURE /dev/loop" + index + " fd=" + backing.fd() + " offset=4096 sizelimit=8192 flags="
                + RO_AUTOCLEAR + " block_size=512";
    }

    @Test
    void bindsWithOneLoopConfigure() throws Exception {
        LoopAttacher attacher = new LoopAttacher(kernel.freeIndices(3), Duration.ofSeconds(1));
        LoopCalls.Device device = attacher.attach(backing, 4096, 8192);
        assertEquals("/dev/loop3", device.path());
        assertEquals(List.of("LOOP_CTL_GET_FREE /dev/loop-control", "open /dev/loop3", configure(3)), kernel.calls());
        device.close();
        assertEquals(List.of(), kernel.openDevices());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"EINVAL", "ENOTTY"})
    void aKernelWithoutLoopConfigureIsBoundWithSetFdAndSetStatusFromThenOn(String errno) throws Exception {
        kernel.fail("LOOP_CONFIGURE", errno.equals("EINVAL") ? Errno.EINVAL : Errno.ENOTTY);
        LoopAttacher attacher = new LoopAttacher(kernel, Duration.ofSeconds(1));
        LoopCalls.Device first = attacher.attach(backing, 4096, 8192);
        assertEquals(List.of("LOOP_CTL_GET_FREE /dev/loop-control", "open /dev/loop0", configure(0),
                "LOOP_SET_FD /dev/loop0 fd=" + backing.fd(),
                "LOOP_SET_STATUS64 /dev/loop0 offset=4096 sizelimit=8192 flags=" + RO_AUTOCLEAR), kernel.calls());
        assertFalse(attacher.usesConfigure());

        LoopCalls.Device second = attacher.attach(backing, 4096, 8192);
        assertEquals("/dev/loop1", second.path());
        assertEquals(List.of(configure(0)), kernel.calls("LOOP_CONFIGURE"), "asked once, then remembered");
        assertEquals(2, kernel.calls("LOOP_SET_FD").size());
        first.close();
        second.close();
    }

    @Test
    void aDeviceTakenByAnotherProcessIsRetriedWithTheNextFreeOne() throws Exception {
        // LOOP_CTL_GET_FREE said 5 was free, and another process bound it before us (twice).
        kernel.boundByAnother(5).freeIndices(5, 5, 6);
        LoopAttacher attacher = new LoopAttacher(kernel, Duration.ofSeconds(10));
        LoopCalls.Device device = attacher.attach(backing, 4096, 8192);
        assertEquals("/dev/loop6", device.path());
        assertEquals(3, kernel.calls("LOOP_CTL_GET_FREE").size());
        assertEquals(List.of("/dev/loop6"), kernel.openDevices(), "the taken device was closed after each EBUSY");
        device.close();
    }

    @Test
    void aTakenDeviceIsRetriedOnTheLegacyPathToo() throws Exception {
        kernel.fail("LOOP_CONFIGURE", Errno.EINVAL).fail("LOOP_SET_FD", Errno.EBUSY);
        LoopAttacher attacher = new LoopAttacher(kernel.freeIndices(2, 3), Duration.ofSeconds(10));
        LoopCalls.Device device = attacher.attach(backing, 0, 8192);
        assertEquals("/dev/loop3", device.path());
        assertEquals(List.of("/dev/loop3"), kernel.openDevices());
        device.close();
    }

    @Test
    void givesUpAfterTheTimeoutNamingTheLastError() {
        kernel.failAlways("LOOP_CONFIGURE", Errno.EBUSY);
        LoopAttacher attacher = new LoopAttacher(kernel.freeIndices(7), Duration.ofMillis(50));
        LoopAttacher.TimeoutException e = assertThrows(LoopAttacher.TimeoutException.class,
                () -> attacher.attach(backing, 4096, 8192));
        assertTrue(e.getMessage().startsWith("failed to acquire loop device within 50ms (last: LOOP_CONFIGURE on "
                + "/dev/loop"), e.getMessage());
        assertTrue(e.getMessage().endsWith(" failed: EBUSY)"), e.getMessage());
        assertTrue(kernel.calls("LOOP_CONFIGURE").size() > 1, "retried within the timeout");
        assertEquals(List.of(), kernel.openDevices(), "every device tried was closed");
        assertEquals(java.util.Set.of(), kernel.bound());
    }

    @Test
    void aFreeDeviceWithoutNodeFailsAtOnceAndSaysWhy() {
        LoopAttacher attacher = new LoopAttacher(kernel.freeIndices(9).withoutNode(9), Duration.ofSeconds(10));
        SyscallException e = assertThrows(SyscallException.class, () -> attacher.attach(backing, 4096, 8192));
        assertEquals("open /dev/loop9 (the kernel's free loop device 9 has no device node: is devtmpfs mounted "
                + "on /dev?) failed: ENOENT", e.getMessage());
        assertEquals(1, kernel.calls("LOOP_CTL_GET_FREE").size(), "no retry: each retry would add a device");
    }

    @Test
    void otherErrorsAreNotRetried() {
        kernel.fail("LOOP_CONFIGURE", Errno.EPERM);
        LoopAttacher attacher = new LoopAttacher(kernel, Duration.ofSeconds(10));
        SyscallException e = assertThrows(SyscallException.class, () -> attacher.attach(backing, 4096, 8192));
        assertEquals("LOOP_CONFIGURE on /dev/loop0 failed: EPERM", e.getMessage());
        assertEquals(1, kernel.calls("LOOP_CTL_GET_FREE").size());
        assertEquals(List.of(), kernel.openDevices());
        assertTrue(attacher.usesConfigure(), "EPERM says nothing about LOOP_CONFIGURE support");
    }

    @Test
    void aFailedSetStatusUnbindsAndClosesTheDevice() {
        kernel.fail("LOOP_CONFIGURE", Errno.ENOTTY).fail("LOOP_SET_STATUS64", Errno.EINVAL);
        LoopAttacher attacher = new LoopAttacher(kernel, Duration.ofSeconds(10));
        SyscallException e = assertThrows(SyscallException.class, () -> attacher.attach(backing, 4096, 8192));
        assertEquals("LOOP_SET_STATUS64 on /dev/loop0 failed: EINVAL", e.getMessage());
        List<String> calls = kernel.calls();
        assertEquals(List.of("LOOP_CLR_FD /dev/loop0", "close /dev/loop0"), calls.subList(calls.size() - 2,
                calls.size()));
        assertEquals(java.util.Set.of(), kernel.bound());
        assertEquals(List.of(), kernel.openDevices());
    }
}
