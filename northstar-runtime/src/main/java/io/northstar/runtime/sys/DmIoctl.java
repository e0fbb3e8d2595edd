package io.northstar.runtime.sys;

import java.nio.charset.StandardCharsets;
import jnr.ffi.Pointer;

/**
 * {@code struct dm_ioctl} (linux/dm-ioctl.h), 312 bytes, interface version
 * 4.0.0, and the request numbers {@code _IOWR(0xFD, nr, struct dm_ioctl)}.
 */
public final class DmIoctl {
    public static final int SIZE = 312;
    public static final int VERSION_MAJOR = 4;
    public static final int VERSION_MINOR = 0;
    public static final int VERSION_PATCH = 0;
    public static final int NAME_LEN = 128;
    public static final int UUID_LEN = 129;

    static final int OFF_VERSION = 0;
    static final int OFF_DATA_SIZE = 12;
    static final int OFF_DATA_START = 16;
    static final int OFF_TARGET_COUNT = 20;
    static final int OFF_OPEN_COUNT = 24;
    static final int OFF_FLAGS = 28;
    static final int OFF_EVENT_NR = 32;
    static final int OFF_DEV = 40;
    static final int OFF_NAME = 48;
    static final int OFF_UUID = 176;

    private static final int DM_IOCTL_TYPE = 0xFD;
    public static final long DM_VERSION = Ioctl.iowr(DM_IOCTL_TYPE, 0, SIZE);
    public static final long DM_REMOVE_ALL = Ioctl.iowr(DM_IOCTL_TYPE, 1, SIZE);
    public static final long DM_LIST_DEVICES = Ioctl.iowr(DM_IOCTL_TYPE, 2, SIZE);
    public static final long DM_DEV_CREATE = Ioctl.iowr(DM_IOCTL_TYPE, 3, SIZE);
    public static final long DM_DEV_REMOVE = Ioctl.iowr(DM_IOCTL_TYPE, 4, SIZE);
    public static final long DM_DEV_RENAME = Ioctl.iowr(DM_IOCTL_TYPE, 5, SIZE);
    public static final long DM_DEV_SUSPEND = Ioctl.iowr(DM_IOCTL_TYPE, 6, SIZE);
    public static final long DM_DEV_STATUS = Ioctl.iowr(DM_IOCTL_TYPE, 7, SIZE);
    public static final long DM_DEV_WAIT = Ioctl.iowr(DM_IOCTL_TYPE, 8, SIZE);
    public static final long DM_TABLE_LOAD = Ioctl.iowr(DM_IOCTL_TYPE, 9, SIZE);
    public static final long DM_TABLE_CLEAR = Ioctl.iowr(DM_IOCTL_TYPE, 10, SIZE);
    public static final long DM_TABLE_DEPS = Ioctl.iowr(DM_IOCTL_TYPE, 11, SIZE);
    public static final long DM_TABLE_STATUS = Ioctl.iowr(DM_IOCTL_TYPE, 12, SIZE);

    public static final int DM_READONLY_FLAG = 1;
    public static final int DM_SUSPEND_FLAG = 1 << 1;
    public static final int DM_EXISTS_FLAG = 1 << 2;
    public static final int DM_PERSISTENT_DEV_FLAG = 1 << 3;
    public static final int DM_STATUS_TABLE_FLAG = 1 << 4;
    public static final int DM_ACTIVE_PRESENT_FLAG = 1 << 5;
    public static final int DM_INACTIVE_PRESENT_FLAG = 1 << 6;
    public static final int DM_BUFFER_FULL_FLAG = 1 << 8;
    public static final int DM_UUID_FLAG = 1 << 14;
    public static final int DM_DEFERRED_REMOVE = 1 << 17;

    private DmIoctl() {
    }

    /** Allocates a zeroed buffer of {@code size} bytes with a dm_ioctl header for device {@code name}. */
    static Pointer header(int size, String name, String uuid, int flags) {
        Pointer p = NativeIo.allocate(size);
        p.putInt(OFF_VERSION, VERSION_MAJOR);
        p.putInt(OFF_VERSION + 4, VERSION_MINOR);
        p.putInt(OFF_VERSION + 8, VERSION_PATCH);
        p.putInt(OFF_DATA_SIZE, size);
        p.putInt(OFF_DATA_START, SIZE);
        p.putInt(OFF_FLAGS, flags);
        if (name != null) {
            putString(p, OFF_NAME, NAME_LEN, name, "name");
        }
        if (uuid != null) {
            putString(p, OFF_UUID, UUID_LEN, uuid, "uuid");
        }
        return p;
    }

    private static void putString(Pointer p, int offset, int capacity, String value, String what) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        if (b.length >= capacity) {
            throw new IllegalArgumentException("device-mapper " + what + " longer than " + (capacity - 1) + ": " + value);
        }
        p.put(offset, b, 0, b.length);
    }

    static String getString(Pointer p, long offset, int capacity) {
        return KernelStruct.cString(p, offset, capacity, StandardCharsets.US_ASCII);
    }

    /** The header fields of a reply. */
    static DmDeviceInfo info(Pointer p) {
        return new DmDeviceInfo(getString(p, OFF_NAME, NAME_LEN), getString(p, OFF_UUID, UUID_LEN),
                DevNum.decode(p.getLong(OFF_DEV)), p.getInt(OFF_OPEN_COUNT), p.getInt(OFF_TARGET_COUNT),
                p.getInt(OFF_EVENT_NR), p.getInt(OFF_FLAGS));
    }

    /** The header bytes as the kernel reads them (for layout tests). */
    public static byte[] encodeHeader(int dataSize, String name, String uuid, int flags) {
        return KernelStruct.bytes(header(dataSize, name, uuid, flags), SIZE);
    }
}
