package io.northstar.runtime.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The device-mapper ioctls on a real kernel: only where it has device-mapper (the VM). */
@Tag("vm")
@ExtendWith(DeviceMapperRequired.class)
class DeviceMapperTest {

    @BeforeEach
    void requireRoot() {
        assumeTrue(jnr.posix.POSIXFactory.getNativePOSIX().geteuid() == 0, "device-mapper ioctls need root");
    }

    @Test
    void version() throws Exception {
        try (DeviceMapper dm = DeviceMapper.open()) {
            int[] v = dm.version();
            assertEquals(4, v[0], Arrays.toString(v));
            assertTrue(v[1] >= 0);
        }
    }

    @Test
    void createLoadResumeStatusRemove(@TempDir Path dir) throws Exception {
        byte[] content = LoopDeviceTest.pattern(64 * 1024);
        Path file = Files.write(dir.resolve("data"), content);
        String name = "northstar-test-linear";
        try (DeviceMapper dm = DeviceMapper.open(); LoopControl control = LoopControl.open();
             NativeFd backing = NativeFd.open(file.toString(), NativeFd.O_RDONLY)) {
            LoopDevice loop = LoopDeviceTest.bind(control, backing);
            loop.setStatus(LoopInfo64.of(0, 0, LoopInfo64.LO_FLAGS_READ_ONLY | LoopInfo64.LO_FLAGS_AUTOCLEAR));
            try {
                DmDeviceInfo created = dm.create(name, "northstar-test-uuid-1");
                assertEquals(name, created.name());
                assertEquals(0, created.targetCount());
                assertFalse(created.activeTablePresent());
                assertTrue(dm.listDevices().contains(name));

                SyscallException duplicate = assertThrows(SyscallException.class, () -> dm.create(name, "other-uuid"));
                assertEquals("DM_DEV_CREATE " + name + " on /dev/mapper/control failed: EBUSY", duplicate.getMessage());

                // 64 KiB = 128 sectors; map sectors 16..127 of the loop device
                dm.loadTable(name, List.of(new DmTarget(0, 112, "linear", loop.path() + " 16")), true);
                DmDeviceInfo resumed = dm.resume(name);
                assertFalse(resumed.suspended());
                DmDeviceInfo status = dm.status(name);
                assertEquals(created.dev(), status.dev());
                assertEquals(1, status.targetCount());
                assertTrue(status.activeTablePresent());
                assertTrue(status.readOnly());
                assertEquals("northstar-test-uuid-1", status.uuid());
                String major = Files.readString(Path.of("/sys/block/loop" + loop.index() + "/dev")).trim();
                assertEquals(List.of("linear " + major + " 16"), dm.table(name));

                // Data through the dm node (devtmpfs creates /dev/dm-<minor>) is the file from sector 16 on.
                Path node = Path.of(status.devicePath());
                for (int i = 0; i < 1000 && !Files.exists(node); i++) {
                    Thread.sleep(1);
                }
                try (NativeFd dmfd = NativeFd.open(node.toString(), NativeFd.O_RDONLY)) {
                    assertArrayEquals(Arrays.copyOfRange(content, 16 * 512, 16 * 512 + 4096), dmfd.pread(0, 4096));
                    // Deferred remove of an open device: it stays until the last close.
                    dm.remove(name, true);
                    assertTrue(dm.listDevices().contains(name));
                    assertEquals(1, dm.status(name).openCount());
                }
                for (int i = 0; i < 1000 && dm.listDevices().contains(name); i++) {
                    Thread.sleep(1);
                }
                assertFalse(dm.listDevices().contains(name), "deferred remove happened at last close");
                SyscallException gone = assertThrows(SyscallException.class, () -> dm.status(name));
                assertEquals("DM_DEV_STATUS " + name + " on /dev/mapper/control failed: ENXIO", gone.getMessage());
            } finally {
                try {
                    dm.remove(name, false);
                } catch (SyscallException ignored) {
                    // removed by the test
                }
                loop.close();
            }
            assertTrue(LoopDeviceTest.waitUnbound(loop.index()));
        }
    }

    @Test
    void badTableIsRejectedWithErrno() throws Exception {
        String name = "northstar-test-bad";
        try (DeviceMapper dm = DeviceMapper.open()) {
            dm.create(name, "northstar-test-uuid-2");
            try {
                SyscallException e = assertThrows(SyscallException.class,
                        () -> dm.loadTable(name, List.of(new DmTarget(0, 8, "verity", "1 /dev/nonexistent")), true));
                assertEquals("DM_TABLE_LOAD " + name + " on /dev/mapper/control failed: EINVAL", e.getMessage());
            } finally {
                dm.remove(name, false);
            }
            assertFalse(dm.listDevices().contains(name));
        }
    }
}
