package io.northstar.runtime.sys;

import static io.northstar.runtime.sys.StructLayout.chars;
import static io.northstar.runtime.sys.StructLayout.u32;
import static io.northstar.runtime.sys.StructLayout.u64;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Pointer;

/**
 * The device-mapper control node ({@code /dev/mapper/control}) and the dm
 * ioctls the runtime uses to set up dm-verity devices.
 */
public final class DeviceMapper implements AutoCloseable {
    public static final String CONTROL = "/dev/mapper/control";
    /** Where the kernel publishes the misc device number of the control node when DM is built in or loaded. */
    public static final String SYSFS_DEV = "/sys/class/misc/device-mapper/dev";
    private static final int S_IFCHR = 0020000;
    private static final int STATUS_BUFFER = 16 * 1024;
    /** One entry of the DM_LIST_DEVICES reply; {@code name} is a flexible array member. */
    private static final StructLayout NAME_LIST = StructLayout.of("dm_name_list",
            u64("dev"), u32("next"), chars("name", 0));

    private final NativeFd fd;

    private DeviceMapper(NativeFd fd) {
        this.fd = fd;
    }

    /**
     * Opens the control node, creating it from sysfs when the kernel has
     * device-mapper but no udev made the node. Throws {@link Unavailable}
     * when the kernel has no device-mapper at all.
     */
    public static DeviceMapper open() throws SyscallException {
        if (!Files.exists(Path.of(CONTROL))) {
            createControlNode();
        }
        return new DeviceMapper(NativeFd.open(CONTROL, NativeFd.O_RDWR));
    }

    /** Why device-mapper cannot be used on this kernel, or null when it can. */
    public static String unavailableReason() {
        if (Files.exists(Path.of(CONTROL)) || Files.exists(Path.of(SYSFS_DEV))) {
            return null;
        }
        return "no device-mapper: " + CONTROL + " missing (CONFIG_BLK_DEV_DM)";
    }

    private static void createControlNode() throws SyscallException {
        String reason = unavailableReason();
        if (reason != null) {
            throw new Unavailable(reason);
        }
        DevNum dev;
        try {
            String[] mm = Files.readString(Path.of(SYSFS_DEV)).trim().split(":");
            dev = new DevNum(Long.parseLong(mm[0]), Long.parseLong(mm[1]));
            Files.createDirectories(Path.of(CONTROL).getParent());
        } catch (IOException | RuntimeException e) {
            throw new Unavailable("no device-mapper: cannot create " + CONTROL + ": " + e.getMessage());
        }
        if (NativeIo.LIBC.mknod(CONTROL, S_IFCHR | 0600, dev.encode()) < 0) {
            int errno = NativeIo.errno();
            if (errno != Errno.EEXIST) {
                throw new SyscallException("mknod " + CONTROL + " " + dev, errno);
            }
        }
    }

    /** DM_VERSION: the kernel's dm ioctl interface version {major, minor, patch}. */
    public int[] version() throws SyscallException {
        Pointer p = DmIoctl.header(DmIoctl.SIZE, null, null, 0);
        ioctl(DmIoctl.DM_VERSION, p, "DM_VERSION");
        int[] version = new int[3];
        p.get(DmIoctl.LAYOUT.offset("version"), version, 0, version.length);
        return version;
    }

    /** DM_DEV_CREATE: a new device without a table; the reply carries its dev_t. */
    public DmDeviceInfo create(String name, String uuid) throws SyscallException {
        Pointer p = DmIoctl.header(DmIoctl.SIZE, name, uuid, 0);
        ioctl(DmIoctl.DM_DEV_CREATE, p, "DM_DEV_CREATE " + name);
        return DmIoctl.info(p);
    }

    /** DM_TABLE_LOAD into the inactive slot of {@code name}. */
    public void loadTable(String name, List<DmTarget> targets, boolean readOnly) throws SyscallException {
        int size = DmIoctl.SIZE;
        for (DmTarget t : targets) {
            size += t.encodedSize();
        }
        Pointer p = DmIoctl.header(size, name, null, readOnly ? DmIoctl.DM_READONLY_FLAG : 0);
        p.putInt(DmIoctl.LAYOUT.offset("target_count"), targets.size());
        long offset = DmIoctl.SIZE;
        for (DmTarget t : targets) {
            t.write(p, offset);
            offset += t.encodedSize();
        }
        ioctl(DmIoctl.DM_TABLE_LOAD, p, "DM_TABLE_LOAD " + name);
    }

    /** DM_DEV_SUSPEND without DM_SUSPEND_FLAG: resume, which activates a loaded table. */
    public DmDeviceInfo resume(String name) throws SyscallException {
        Pointer p = DmIoctl.header(DmIoctl.SIZE, name, null, 0);
        ioctl(DmIoctl.DM_DEV_SUSPEND, p, "DM_DEV_SUSPEND (resume) " + name);
        return DmIoctl.info(p);
    }

    /**
     * DM_DEV_REMOVE. With {@code deferred} an open device is removed when its
     * last user closes it (EBUSY otherwise).
     */
    public void remove(String name, boolean deferred) throws SyscallException {
        Pointer p = DmIoctl.header(DmIoctl.SIZE, name, null, deferred ? DmIoctl.DM_DEFERRED_REMOVE : 0);
        ioctl(DmIoctl.DM_DEV_REMOVE, p, "DM_DEV_REMOVE " + (deferred ? "(deferred) " : "") + name);
    }

    /** DM_DEV_STATUS; ENXIO when no such device exists. */
    public DmDeviceInfo status(String name) throws SyscallException {
        Pointer p = DmIoctl.header(DmIoctl.SIZE, name, null, 0);
        ioctl(DmIoctl.DM_DEV_STATUS, p, "DM_DEV_STATUS " + name);
        return DmIoctl.info(p);
    }

    /** DM_TABLE_STATUS: each target's status line (for verity: "V" verified so far, "C" corruption seen). */
    public List<String> targetStatus(String name) throws SyscallException {
        return table(name, 0);
    }

    /** DM_TABLE_STATUS with DM_STATUS_TABLE_FLAG: each target's table line as the kernel holds it. */
    public List<String> table(String name) throws SyscallException {
        return table(name, DmIoctl.DM_STATUS_TABLE_FLAG);
    }

    private List<String> table(String name, int flags) throws SyscallException {
        Pointer p = DmIoctl.header(STATUS_BUFFER, name, null, flags);
        ioctl(DmIoctl.DM_TABLE_STATUS, p, "DM_TABLE_STATUS " + name);
        if ((p.getInt(DmIoctl.LAYOUT.offset("flags")) & DmIoctl.DM_BUFFER_FULL_FLAG) != 0) {
            throw new SyscallException("DM_TABLE_STATUS " + name + " (reply larger than " + STATUS_BUFFER + " bytes)",
                    Errno.EINVAL);
        }
        int count = p.getInt(DmIoctl.LAYOUT.offset("target_count"));
        long start = p.getInt(DmIoctl.LAYOUT.offset("data_start"));
        List<String> lines = new ArrayList<>();
        long spec = start;
        for (int i = 0; i < count; i++) {
            String type = DmIoctl.getString(p, spec + DmTarget.SPEC.offset("target_type"), DmTarget.TARGET_TYPE_SIZE);
            String text = DmIoctl.getString(p, spec + DmTarget.SPEC_SIZE, (int) (STATUS_BUFFER - spec - DmTarget.SPEC_SIZE));
            lines.add(type + " " + text);
            // On output "next" counts from the start of the data area, not from this spec.
            spec = start + Integer.toUnsignedLong(p.getInt(spec + DmTarget.SPEC.offset("next")));
        }
        return lines;
    }

    /** DM_LIST_DEVICES: names of all device-mapper devices. */
    public List<String> listDevices() throws SyscallException {
        Pointer p = DmIoctl.header(STATUS_BUFFER, null, null, 0);
        ioctl(DmIoctl.DM_LIST_DEVICES, p, "DM_LIST_DEVICES");
        List<String> names = new ArrayList<>();
        long entry = p.getInt(DmIoctl.LAYOUT.offset("data_start"));
        // dev == 0 marks an empty list.
        if (p.getLong(entry + NAME_LIST.offset("dev")) == 0) {
            return names;
        }
        while (true) {
            names.add(DmIoctl.getString(p, entry + NAME_LIST.offset("name"), DmIoctl.NAME_LEN));
            int next = p.getInt(entry + NAME_LIST.offset("next"));
            if (next == 0) {
                return names;
            }
            entry += next;
        }
    }

    private void ioctl(long request, Pointer p, String what) throws SyscallException {
        Ioctl.call(fd.fd(), request, p.address(), what + " on " + CONTROL);
    }

    @Override
    public void close() throws SyscallException {
        fd.close();
    }

    /** The kernel has no device-mapper. */
    public static final class Unavailable extends SyscallException {
        private final String reason;

        public Unavailable(String reason) {
            super(reason, Errno.ENODEV);
            this.reason = reason;
        }

        @Override
        public String getMessage() {
            return reason;
        }
    }
}
