package io.northstar.runtime.sys;

/**
 * What the kernel reports about a device-mapper device in a dm_ioctl reply.
 *
 * @param dev      the block device number ({@code /dev/dm-<minor>})
 * @param flags    DM_*_FLAG bits (suspended, read-only, active table present ...)
 */
public record DmDeviceInfo(String name, String uuid, DevNum dev, int openCount, int targetCount, int eventNr,
                           int flags) {
    public boolean suspended() {
        return (flags & DmIoctl.DM_SUSPEND_FLAG) != 0;
    }

    public boolean readOnly() {
        return (flags & DmIoctl.DM_READONLY_FLAG) != 0;
    }

    public boolean activeTablePresent() {
        return (flags & DmIoctl.DM_ACTIVE_PRESENT_FLAG) != 0;
    }

    /** {@code /dev/dm-<minor>}, the node devtmpfs creates for the device. */
    public String devicePath() {
        return "/dev/dm-" + dev.minor();
    }
}
