package io.northstar.runtime.sys;

/**
 * ioctl(2) and the _IOC request encoding of asm-generic/ioctl.h (x86_64,
 * aarch64).
 */
public final class Ioctl {
    private static final int NRBITS = 8;
    private static final int TYPEBITS = 8;
    private static final int SIZEBITS = 14;
    private static final int NRSHIFT = 0;
    private static final int TYPESHIFT = NRSHIFT + NRBITS;
    private static final int SIZESHIFT = TYPESHIFT + TYPEBITS;
    private static final int DIRSHIFT = SIZESHIFT + SIZEBITS;
    private static final int WRITE = 1;
    private static final int READ = 2;

    private Ioctl() {
    }

    /** {@code _IOWR(type, nr, size)}. */
    public static long iowr(int type, int nr, int size) {
        return ((long) (READ | WRITE) << DIRSHIFT) | ((long) size << SIZESHIFT) | ((long) type << TYPESHIFT)
                | ((long) nr << NRSHIFT);
    }

    /** {@code _IO(type, nr)}. */
    public static long io(int type, int nr) {
        return ((long) type << TYPESHIFT) | ((long) nr << NRSHIFT);
    }

    /**
     * ioctl with an integer or pointer argument; returns the (non-negative)
     * result. {@code what} names the request and its object for the error
     * message, e.g. "LOOP_SET_FD on /dev/loop3".
     */
    public static int call(int fd, long request, long arg, String what) throws SyscallException {
        while (true) {
            int r = NativeIo.LIBC.ioctl(fd, request, arg);
            if (r >= 0) {
                return r;
            }
            int errno = NativeIo.errno();
            if (errno != Errno.EINTR) {
                throw new SyscallException(what, errno);
            }
        }
    }
}
