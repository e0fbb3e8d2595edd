package io.northstar.runtime.sys;

/** mount(2) and umount2(2) with their flag values (linux/mount.h). */
public final class Mounts {
    public static final long MS_RDONLY = 0x1;
    public static final long MS_NOSUID = 0x2;
    public static final long MS_NODEV = 0x4;
    public static final long MS_NOEXEC = 0x8;
    public static final long MS_REMOUNT = 0x20;
    public static final long MS_BIND = 0x1000;
    public static final long MS_REC = 0x4000;
    public static final long MS_PRIVATE = 1L << 18;
    public static final long MS_SLAVE = 1L << 19;

    public static final int MNT_FORCE = 1;
    public static final int MNT_DETACH = 2;
    public static final int MNT_EXPIRE = 4;
    public static final int UMOUNT_NOFOLLOW = 8;

    private Mounts() {
    }

    /** mount(2); {@code source}, {@code fstype} and {@code data} may be null. */
    public static void mount(String source, String target, String fstype, long flags, String data)
            throws SyscallException {
        if (NativeIo.LIBC.mount(source, target, fstype, flags, data) < 0) {
            throw new SyscallException("mount " + (source == null ? "none" : source) + " on " + target
                    + (fstype == null ? "" : " (" + fstype + ")"), NativeIo.errno());
        }
    }

    /** umount2(2). */
    public static void umount2(String target, int flags) throws SyscallException {
        if (NativeIo.LIBC.umount2(target, flags) < 0) {
            throw new SyscallException("umount " + target, NativeIo.errno());
        }
    }
}
