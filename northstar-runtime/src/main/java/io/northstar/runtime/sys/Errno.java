package io.northstar.runtime.sys;

/**
 * errno values and their symbolic names, so that errors read {@code EBUSY}
 * rather than {@code 16}. The numbers come from jnr-constants for the
 * platform we run on.
 */
public final class Errno {
    public static final int EPERM = value(jnr.constants.platform.Errno.EPERM);
    public static final int ENOENT = value(jnr.constants.platform.Errno.ENOENT);
    public static final int EINTR = value(jnr.constants.platform.Errno.EINTR);
    public static final int EIO = value(jnr.constants.platform.Errno.EIO);
    public static final int ENXIO = value(jnr.constants.platform.Errno.ENXIO);
    public static final int EBADF = value(jnr.constants.platform.Errno.EBADF);
    public static final int EAGAIN = value(jnr.constants.platform.Errno.EAGAIN);
    public static final int EACCES = value(jnr.constants.platform.Errno.EACCES);
    public static final int EBUSY = value(jnr.constants.platform.Errno.EBUSY);
    public static final int EEXIST = value(jnr.constants.platform.Errno.EEXIST);
    public static final int ENODEV = value(jnr.constants.platform.Errno.ENODEV);
    public static final int ENOTDIR = value(jnr.constants.platform.Errno.ENOTDIR);
    public static final int EINVAL = value(jnr.constants.platform.Errno.EINVAL);
    public static final int ENOTTY = value(jnr.constants.platform.Errno.ENOTTY);
    public static final int EROFS = value(jnr.constants.platform.Errno.EROFS);

    private Errno() {
    }

    /** The symbolic name of {@code errno} ("EBUSY"), or "errno N" when the platform does not know it. */
    public static String name(int errno) {
        jnr.constants.platform.Errno e = jnr.constants.platform.Errno.valueOf(errno);
        if (e == null || !e.defined() || e.name().startsWith("__")) {
            return "errno " + errno;
        }
        return e.name();
    }

    /** The C library's description of {@code errno} ("Device or resource busy"). */
    public static String description(int errno) {
        jnr.constants.platform.Errno e = jnr.constants.platform.Errno.valueOf(errno);
        return e == null || !e.defined() ? "unknown error " + errno : e.description();
    }

    private static int value(jnr.constants.platform.Errno e) {
        return e.intValue();
    }
}
