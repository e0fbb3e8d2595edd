package io.northstar.runtime.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Ioctl numbers and struct layouts against npk-format.md §9 and the kernel headers. */
class LayoutTest {

    /** Consecutive little-endian {@code long} fields from {@code offset} on, in the order the struct declares them. */
    private static void assertLongsAt(ByteBuffer b, int offset, long... expected) {
        for (int i = 0; i < expected.length; i++) {
            int at = offset + i * Long.BYTES;
            assertEquals(expected[i], b.getLong(at), "long at offset " + at);
        }
    }

    /** Consecutive little-endian {@code int} fields from {@code offset} on, in the order the struct declares them. */
    private static void assertIntsAt(ByteBuffer b, int offset, int... expected) {
        for (int i = 0; i < expected.length; i++) {
            int at = offset + i * Integer.BYTES;
            assertEquals(expected[i], b.getInt(at), "int at offset " + at);
        }
    }

    @Test
    void loopIoctlNumbers() {
        assertEquals(0x4C00, LoopDevice.LOOP_SET_FD);
        assertEquals(0x4C01, LoopDevice.LOOP_CLR_FD);
        assertEquals(0x4C04, LoopDevice.LOOP_SET_STATUS64);
        assertEquals(0x4C05, LoopDevice.LOOP_GET_STATUS64);
        assertEquals(0x4C0A, LoopDevice.LOOP_CONFIGURE);
        assertEquals(0x4C80, LoopControl.LOOP_CTL_ADD);
        assertEquals(0x4C81, LoopControl.LOOP_CTL_REMOVE);
        assertEquals(0x4C82, LoopControl.LOOP_CTL_GET_FREE);
    }

    @Test
    void dmIoctlNumbers() {
        assertEquals(0xC138FD00L, DmIoctl.DM_VERSION);
        assertEquals(0xC138FD03L, DmIoctl.DM_DEV_CREATE);
        assertEquals(0xC138FD04L, DmIoctl.DM_DEV_REMOVE);
        assertEquals(0xC138FD06L, DmIoctl.DM_DEV_SUSPEND);
        assertEquals(0xC138FD07L, DmIoctl.DM_DEV_STATUS);
        assertEquals(0xC138FD09L, DmIoctl.DM_TABLE_LOAD);
        assertEquals(0xC138FD0CL, DmIoctl.DM_TABLE_STATUS);
        assertEquals(1 << 17, DmIoctl.DM_DEFERRED_REMOVE);
        assertEquals(1, DmIoctl.DM_READONLY_FLAG);
    }

    @Test
    void loopInfo64Layout() {
        byte[] raw = new LoopInfo64(1, 2, 3, 0x1000, 0x4000, 7, LoopInfo64.LO_FLAGS_READ_ONLY
                | LoopInfo64.LO_FLAGS_AUTOCLEAR, "npk").encode();
        assertEquals(232, raw.length);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        // lo_device, lo_inode, lo_rdevice, lo_offset, lo_sizelimit
        assertLongsAt(b, 0, 1, 2, 3, 0x1000, 0x4000);
        // lo_number, lo_encrypt_type, lo_encrypt_key_size, lo_flags
        assertIntsAt(b, 40, 7, 0, 0, 5);
        assertEquals("npk", new String(raw, 56, 3, StandardCharsets.US_ASCII));
        assertEquals(0, raw[59]);
        // crypt name, key and lo_init stay zero
        assertArrayEquals(new byte[232 - 120], Arrays.copyOfRange(raw, 120, 232));
        assertEquals(LoopInfo64.of(4096, 8192, 5), new LoopInfo64(0, 0, 0, 4096, 8192, 0, 5, ""));
    }

    @Test
    void loopConfigLayout() {
        LoopInfo64 info = LoopInfo64.of(0x1000, 0x4000, LoopInfo64.LO_FLAGS_READ_ONLY | LoopInfo64.LO_FLAGS_AUTOCLEAR);
        byte[] raw = new LoopConfig(42, 4096, info).encode();
        assertEquals(304, raw.length);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        assertIntsAt(b, 0, 42, 4096); // fd, block_size
        // struct loop_info64 follows at offset 8, byte for byte what LOOP_SET_STATUS64 gets
        assertArrayEquals(info.encode(), Arrays.copyOfRange(raw, 8, 8 + 232));
        // __reserved[8] must be zero or the kernel answers EINVAL
        assertArrayEquals(new byte[64], Arrays.copyOfRange(raw, 240, 304));
    }

    @Test
    void dmIoctlHeaderLayout() {
        byte[] raw = DmIoctl.encodeHeader(528, "northstar-abc", "0f6c8d0e-2f7e-4f8e-9a4f-2f9d8e7c6b5a",
                DmIoctl.DM_READONLY_FLAG);
        assertEquals(312, raw.length);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        // version[3], data_size, data_start
        assertIntsAt(b, 0, 4, 0, 0, 528, 312);
        assertEquals(1, b.getInt(28)); // flags
        assertEquals("northstar-abc", new String(raw, 48, 13, StandardCharsets.US_ASCII));
        assertEquals(0, raw[48 + 13]);
        assertEquals("0f6c8d0e-2f7e-4f8e-9a4f-2f9d8e7c6b5a", new String(raw, 176, 36, StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> DmIoctl.encodeHeader(312, "x".repeat(128), null, 0));
    }

    @Test
    void verityTargetSizeOfTheSpecExample() {
        String line = "1 /dev/loop4 /dev/loop4 4096 4096 2 3 sha256 "
                + "bd780675f50010ed023fd1f07e98f029a6aaf25a8f6ee33ec94b4b4e847e4b2e "
                + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
        assertEquals(174, line.length());
        DmTarget target = new DmTarget(0, 16, "verity", line);
        assertEquals(216, target.encodedSize());
        assertEquals(528, DmIoctl.SIZE + target.encodedSize());
    }

    @Test
    void devNumbersUseTheHugeEncoding() {
        assertEquals(new DevNum(253, 0), DevNum.decode(0xFD00));
        assertEquals(new DevNum(7, 3), DevNum.decode(0x703));
        DevNum big = new DevNum(253, 300);
        assertEquals(big, DevNum.decode(big.encode()));
        assertEquals((300 & 0xff) | (253 << 8) | ((300L & ~0xffL) << 12), big.encode());
    }

    @Test
    void errnoNames() {
        assertEquals("EBUSY", Errno.name(16));
        assertEquals("ENOENT", Errno.name(2));
        assertEquals("EIO", Errno.name(Errno.EIO));
        assertEquals(16, Errno.EBUSY);
        assertEquals("errno 9999", Errno.name(9999));
        assertEquals("LOOP_SET_FD on /dev/loop3 failed: EBUSY",
                new SyscallException("LOOP_SET_FD on /dev/loop3", Errno.EBUSY).getMessage());
    }

    @Test
    void ioctlEncoding() {
        assertEquals(0x4C82, Ioctl.io(0x4C, 0x82));
        assertEquals(0xC138FD03L, Ioctl.iowr(0xFD, 3, 312));
    }
}
