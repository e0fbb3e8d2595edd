package io.northstar.runtime.sys;

import static io.northstar.runtime.sys.StructLayout.chars;
import static io.northstar.runtime.sys.StructLayout.u32;
import static io.northstar.runtime.sys.StructLayout.u32s;
import static io.northstar.runtime.sys.StructLayout.u64;

import java.nio.charset.StandardCharsets;
import jnr.ffi.Pointer;

/**
 * {@code struct dm_ioctl} (linux/dm-ioctl.h), 312 bytes, interface version
 * 4.0.0, and the request numbers {@code _IOWR(0xFD, nr, struct dm_ioctl)}.
 */
public final class DmIoctl {
    public static final int NAME_LEN = 128;
    public static final int UUID_LEN = 129;

    static final StructLayout LAYOUT = StructLayout.of("dm_ioctl",
            u32s("version", 3), u32("data_size"), u32("data_start"),
            u32("target_count"), u32("open_count"), u32("flags"),
            u32("event_nr"), u32("padding"), u64("dev"),
            chars("name", NAME_LEN), chars("uuid", UUID_LEN), chars("data", 7));
    public static final int SIZE = LAYOUT.size();
    /** The interface version we speak, {major, minor, patch}: every kernel with a 4.x interface accepts 4.0.0. */
    private static final int[] INTERFACE_VERSION = {4, 0, 0};

    /** The command numbers in the order of the kernel's enum, which numbers them from DM_VERSION_CMD = 0. */
    private enum Command {
        VERSION, REMOVE_ALL, LIST_DEVICES, DEV_CREATE, DEV_REMOVE, DEV_RENAME, DEV_SUSPEND, DEV_STATUS, DEV_WAIT,
        TABLE_LOAD, TABLE_CLEAR, TABLE_DEPS, TABLE_STATUS;

        private static final int DM_IOCTL_TYPE = 0xFD;

        long request() {
            return Ioctl.iowr(DM_IOCTL_TYPE, ordinal(), SIZE);
        }
    }

    public static final long DM_VERSION = Command.VERSION.request();
    public static final long DM_LIST_DEVICES = Command.LIST_DEVICES.request();
    public static final long DM_DEV_CREATE = Command.DEV_CREATE.request();
    public static final long DM_DEV_REMOVE = Command.DEV_REMOVE.request();
    public static final long DM_DEV_SUSPEND = Command.DEV_SUSPEND.request();
    public static final long DM_DEV_STATUS = Command.DEV_STATUS.request();
    public static final long DM_TABLE_LOAD = Command.TABLE_LOAD.request();
    public static final long DM_TABLE_STATUS = Command.TABLE_STATUS.request();

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
        p.put(LAYOUT.offset("version"), INTERFACE_VERSION, 0, INTERFACE_VERSION.length);
        p.putInt(LAYOUT.offset("data_size"), size);
        p.putInt(LAYOUT.offset("data_start"), SIZE);
        p.putInt(LAYOUT.offset("flags"), flags);
        if (name != null) {
            putString(p, LAYOUT.offset("name"), NAME_LEN, name, "name");
        }
        if (uuid != null) {
            putString(p, LAYOUT.offset("uuid"), UUID_LEN, uuid, "uuid");
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
        return new DmDeviceInfo(getString(p, LAYOUT.offset("name"), NAME_LEN), getString(p, LAYOUT.offset("uuid"), UUID_LEN),
                DevNum.decode(p.getLong(LAYOUT.offset("dev"))), p.getInt(LAYOUT.offset("open_count")),
                p.getInt(LAYOUT.offset("target_count")), p.getInt(LAYOUT.offset("event_nr")),
                p.getInt(LAYOUT.offset("flags")));
    }

    /** The header bytes as the kernel reads them (for layout tests). */
    public static byte[] encodeHeader(int dataSize, String name, String uuid, int flags) {
        return KernelStruct.bytes(header(dataSize, name, uuid, flags), SIZE);
    }
}
