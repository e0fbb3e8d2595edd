package io.northstar.runtime.sys;

import static io.northstar.runtime.sys.StructLayout.u16;
import static io.northstar.runtime.sys.StructLayout.u32;

import jnr.ffi.Pointer;

/** poll(2) over a few fds. */
public final class Poll {

    public static final short POLLIN = 0x001;
    public static final short POLLPRI = 0x002;
    public static final short POLLERR = 0x008;
    public static final short POLLHUP = 0x010;
    public static final short POLLNVAL = 0x020;

    private static final StructLayout POLLFD = StructLayout.of("pollfd",
            u32("fd"), u16("events"), u16("revents"));

    private Poll() {
    }

    /**
     * Waits until one of {@code fds} reports one of {@code events} (or an error condition).
     *
     * @param timeoutMillis -1 waits forever
     * @return the revents of each fd, in the order of {@code fds} (all 0 on timeout)
     */
    public static short[] poll(int[] fds, short events, int timeoutMillis) throws SyscallException {
        return poll("poll", fds, events, timeoutMillis);
    }

    /** {@link #poll(int[], short, int)}; {@code what} names the wait in the error message. */
    static short[] poll(String what, int[] fds, short events, int timeoutMillis) throws SyscallException {
        int size = POLLFD.size();
        Pointer p = NativeIo.allocate(size * fds.length);
        for (int i = 0; i < fds.length; i++) {
            p.putInt(i * size + POLLFD.offset("fd"), fds[i]);
            p.putShort(i * size + POLLFD.offset("events"), events);
        }
        while (true) {
            int n = NativeIo.LIBC.poll(p, fds.length, timeoutMillis);
            if (n >= 0) {
                break;
            }
            int errno = NativeIo.errno();
            if (errno != Errno.EINTR) {
                throw new SyscallException(what, errno);
            }
        }
        short[] revents = new short[fds.length];
        for (int i = 0; i < fds.length; i++) {
            revents[i] = p.getShort(i * size + POLLFD.offset("revents"));
        }
        return revents;
    }
}
