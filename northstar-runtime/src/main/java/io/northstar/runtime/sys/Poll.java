package io.northstar.runtime.sys;

import java.io.IOException;

import jnr.ffi.Pointer;

/** poll(2) over a few fds; {@code struct pollfd} is {int fd; short events; short revents} (8 bytes). */
public final class Poll {

    public static final short POLLIN = 0x001;
    public static final short POLLPRI = 0x002;
    public static final short POLLERR = 0x008;
    public static final short POLLHUP = 0x010;
    public static final short POLLNVAL = 0x020;

    private static final int POLLFD_SIZE = 8;

    private Poll() {
    }

    /**
     * Waits until one of {@code fds} reports one of {@code events} (or an error condition).
     *
     * @param timeoutMillis -1 waits forever
     * @return the revents of each fd, in the order of {@code fds} (all 0 on timeout)
     */
    public static short[] poll(int[] fds, short events, int timeoutMillis) throws IOException {
        Pointer p = NativeIo.allocate(POLLFD_SIZE * fds.length);
        for (int i = 0; i < fds.length; i++) {
            p.putInt(i * POLLFD_SIZE, fds[i]);
            p.putShort(i * POLLFD_SIZE + 4, events);
            p.putShort(i * POLLFD_SIZE + 6, (short) 0);
        }
        while (true) {
            int n = NativeIo.LIBC.poll(p, fds.length, timeoutMillis);
            if (n >= 0) {
                break;
            }
            int errno = NativeIo.errno();
            if (errno != Errno.EINTR) {
                throw new SyscallException("poll", errno);
            }
        }
        short[] revents = new short[fds.length];
        for (int i = 0; i < fds.length; i++) {
            revents[i] = p.getShort(i * POLLFD_SIZE + 6);
        }
        return revents;
    }
}
