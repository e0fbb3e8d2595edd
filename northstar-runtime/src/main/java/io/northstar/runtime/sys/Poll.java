package io.northstar.runtime.sys;

import java.io.IOException;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/** poll(2) over a few fds; {@code struct pollfd} is {int fd; short events; short revents} (8 bytes). */
public final class Poll {

    public static final short POLLIN = 0x001;
    public static final short POLLPRI = 0x002;
    public static final short POLLERR = 0x008;
    public static final short POLLHUP = 0x010;
    public static final short POLLNVAL = 0x020;

    private static final int POLLFD_SIZE = 8;

    public interface LibC {
        @SaveError
        int poll(Pointer fds, long nfds, int timeout);
    }

    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private Poll() {
    }

    /**
     * Waits until one of {@code fds} reports one of {@code events} (or an error condition).
     *
     * @param timeoutMillis -1 waits forever
     * @return the revents of each fd, in the order of {@code fds} (all 0 on timeout)
     */
    public static short[] poll(int[] fds, short events, int timeoutMillis) throws IOException {
        Pointer p = Memory.allocateDirect(RUNTIME, POLLFD_SIZE * fds.length, true);
        for (int i = 0; i < fds.length; i++) {
            p.putInt(i * POLLFD_SIZE, fds[i]);
            p.putShort(i * POLLFD_SIZE + 4, events);
            p.putShort(i * POLLFD_SIZE + 6, (short) 0);
        }
        while (true) {
            int n = LIBC.poll(p, fds.length, timeoutMillis);
            if (n >= 0) {
                break;
            }
            int errno = RUNTIME.getLastError();
            if (errno != Errno.EINTR) {
                throw new IOException("poll failed: " + EventFd.errnoName(errno));
            }
        }
        short[] revents = new short[fds.length];
        for (int i = 0; i < fds.length; i++) {
            revents[i] = p.getShort(i * POLLFD_SIZE + 6);
        }
        return revents;
    }
}
