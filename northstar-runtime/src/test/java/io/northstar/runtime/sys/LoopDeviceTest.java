package io.northstar.runtime.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop ioctls on real loop devices (needs root and /dev/loop-control). */
class LoopDeviceTest {
    private static final int RO_AUTOCLEAR = LoopInfo64.LO_FLAGS_READ_ONLY | LoopInfo64.LO_FLAGS_AUTOCLEAR;

    @BeforeAll
    static void requireLoop() {
        assumeTrue(Files.exists(Path.of(LoopControl.PATH)), "no loop devices: " + LoopControl.PATH + " missing (CONFIG_BLK_DEV_LOOP)");
        assumeTrue(jnr.posix.POSIXFactory.getNativePOSIX().geteuid() == 0, "loop ioctls need root");
    }

    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i / 4096 * 7 + i % 13);
        }
        return b;
    }

    /** Binds a free device, retrying when another process on this machine takes it first. */
    static LoopDevice bind(LoopControl control, NativeFd backing) throws SyscallException {
        for (int attempt = 0; ; attempt++) {
            LoopDevice dev = LoopDevice.open(control.getFree());
            try {
                dev.setFd(backing);
                return dev;
            } catch (SyscallException e) {
                dev.closeQuietly();
                if (!e.is(Errno.EBUSY) || attempt > 100) {
                    throw e;
                }
            }
        }
    }

    static String sysfs(LoopDevice dev, String file) throws Exception {
        Path p = Path.of("/sys/block/loop" + dev.index() + "/loop/" + file);
        return Files.exists(p) ? Files.readString(p).trim() : null;
    }

    /** Waits (bounded) until the kernel shows the device without a backing file. */
    static boolean waitUnbound(int index) throws InterruptedException {
        Path backing = Path.of("/sys/block/loop" + index + "/loop/backing_file");
        for (int i = 0; i < 500 && Files.exists(backing); i++) {
            Thread.sleep(10);
        }
        return !Files.exists(backing);
    }

    @Test
    void setFdStatusGetStatusClear(@TempDir Path dir) throws Exception {
        byte[] content = pattern(64 * 1024);
        Path file = Files.write(dir.resolve("image"), content);
        try (LoopControl control = LoopControl.open();
             NativeFd backing = NativeFd.open(file.toString(), NativeFd.O_RDONLY)) {
            LoopDevice dev = bind(control, backing);
            try {
                dev.setStatus(LoopInfo64.of(4096, 8192, RO_AUTOCLEAR));
                LoopInfo64 info = dev.getStatus();
                assertEquals(4096, info.offset());
                assertEquals(8192, info.sizeLimit());
                assertEquals(dev.index(), info.number());
                assertTrue(info.autoclear());
                assertTrue(info.readOnly(), "a read-only backing fd makes the device read-only");
                assertEquals(((Number) Files.getAttribute(file, "unix:ino")).longValue(), info.inode());
                assertEquals(file.toString(), sysfs(dev, "backing_file"));
                assertEquals("4096", sysfs(dev, "offset"));
                assertEquals("8192", sysfs(dev, "sizelimit"));
                assertEquals("1", sysfs(dev, "autoclear"));
                assertEquals("16", Files.readString(Path.of("/sys/block/loop" + dev.index() + "/size")).trim());
                // The device shows exactly the window [4096, 12288) of the file.
                assertArrayEquals(Arrays.copyOfRange(content, 4096, 12288), dev.fd().pread(0, 20_000));

                // A bound device refuses a second LOOP_SET_FD: the EBUSY of the attach race.
                try (LoopDevice again = LoopDevice.open(dev.index())) {
                    SyscallException busy = assertThrows(SyscallException.class, () -> again.setFd(backing));
                    assertEquals("LOOP_SET_FD on " + dev.path() + " failed: EBUSY", busy.getMessage());
                }
                dev.clearFd();
                SyscallException unbound = assertThrows(SyscallException.class, dev::getStatus);
                assertEquals(Errno.ENXIO, unbound.errno());
                assertEquals("LOOP_GET_STATUS64 on " + dev.path() + " failed: ENXIO", unbound.getMessage());
            } finally {
                try {
                    dev.clearFd();
                } catch (SyscallException ignored) {
                    // already cleared
                }
                dev.close();
            }
            assertTrue(waitUnbound(dev.index()), "loop device still bound after LOOP_CLR_FD");
        }
    }

    @Test
    void loopConfigureBindsWithStatusAndBlockSizeInOneCall(@TempDir Path dir) throws Exception {
        byte[] content = pattern(64 * 1024);
        Path file = Files.write(dir.resolve("image"), content);
        int index;
        try (LoopControl control = LoopControl.open();
             NativeFd backing = NativeFd.open(file.toString(), NativeFd.O_RDONLY)) {
            LoopDevice dev = null;
            for (int attempt = 0; dev == null; attempt++) {
                LoopDevice candidate = control.open(control.getFree());
                try {
                    candidate.configure(backing, LoopInfo64.of(8192, 16384, RO_AUTOCLEAR), 4096);
                    dev = candidate;
                } catch (SyscallException e) {
                    candidate.closeQuietly();
                    assumeTrue(!e.is(Errno.EINVAL) && !e.is(Errno.ENOTTY),
                            "kernel without LOOP_CONFIGURE (before 5.8): " + e.getMessage());
                    if (!e.is(Errno.EBUSY) || attempt > 100) {
                        throw e;
                    }
                }
            }
            index = dev.index();
            try {
                LoopInfo64 info = dev.getStatus();
                assertEquals(8192, info.offset());
                assertEquals(16384, info.sizeLimit());
                assertTrue(info.autoclear());
                assertTrue(info.readOnly());
                assertEquals(file.toString(), sysfs(dev, "backing_file"));
                // the block size came with the same call: LOOP_SET_FD would have left 512
                assertEquals("4096", Files.readString(Path.of("/sys/block/loop" + index
                        + "/queue/logical_block_size")).trim());
                assertArrayEquals(Arrays.copyOfRange(content, 8192, 8192 + 16384), dev.fd().pread(0, 40_000));

                try (LoopDevice again = LoopDevice.open(index)) {
                    SyscallException busy = assertThrows(SyscallException.class,
                            () -> again.configure(backing, LoopInfo64.of(0, 0, RO_AUTOCLEAR), 512));
                    assertEquals("LOOP_CONFIGURE on " + dev.path() + " failed: EBUSY", busy.getMessage());
                }
            } finally {
                dev.close();
            }
        }
        assertTrue(waitUnbound(index), "AUTOCLEAR device still bound after the last close");
    }

    @Test
    void autoclearDetachesWhenTheLastUserCloses(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("image"), pattern(16 * 1024));
        int index;
        try (LoopControl control = LoopControl.open();
             NativeFd backing = NativeFd.open(file.toString(), NativeFd.O_RDONLY)) {
            LoopDevice dev = bind(control, backing);
            index = dev.index();
            dev.setStatus(LoopInfo64.of(0, 0, RO_AUTOCLEAR));
            assertEquals(file.toString(), sysfs(dev, "backing_file"));
            dev.close();
        }
        assertTrue(waitUnbound(index), "AUTOCLEAR device still bound after the last close");
    }

    @Test
    void memfdAsBackingFile() throws Exception {
        byte[] content = pattern(32 * 1024);
        try (LoopControl control = LoopControl.open(); NativeFd memfd = MemFd.createSealable("loop-test")) {
            memfd.writeAll(content);
            MemFd.sealImmutable(memfd);
            LoopDevice dev = bind(control, memfd);
            int index = dev.index();
            try {
                dev.setStatus(LoopInfo64.of(8192, 4096, RO_AUTOCLEAR));
                assertTrue(sysfs(dev, "backing_file").startsWith("/memfd:loop-test"), sysfs(dev, "backing_file"));
                assertArrayEquals(Arrays.copyOfRange(content, 8192, 12288), dev.fd().pread(0, 8192));
            } finally {
                dev.close();
            }
            assertTrue(waitUnbound(index));
        }
    }

    @Test
    void getFreeReturnsAnUnboundDevice() throws Exception {
        try (LoopControl control = LoopControl.open()) {
            int n = control.getFree();
            assertTrue(n >= 0);
            assertTrue(Files.exists(Path.of("/sys/block/loop" + n)));
        }
    }

    @Test
    void aBadBackingFdIsReportedWithDeviceAndErrno() throws Exception {
        try (LoopControl control = LoopControl.open(); LoopDevice dev = LoopDevice.open(control.getFree())) {
            SyscallException e = assertThrows(SyscallException.class,
                    () -> Ioctl.call(dev.fd().fd(), LoopDevice.LOOP_SET_FD, 999_999, "LOOP_SET_FD on " + dev.path()));
            assertEquals("LOOP_SET_FD on " + dev.path() + " failed: EBADF", e.getMessage());
            assertEquals(Errno.EBADF, e.errno());
        }
    }
}
