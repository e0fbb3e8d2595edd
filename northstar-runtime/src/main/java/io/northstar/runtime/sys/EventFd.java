package io.northstar.runtime.sys;

import java.io.IOException;


/**
 * An eventfd(2): a kernel counter readable as 8 bytes. Used as the OOM notification target of
 * cgroup v1 ({@code cgroup.event_control}) and as a wake-up for threads blocked in {@link Poll}.
 */
public final class EventFd extends OwnedFd {

    /** {@code EFD_CLOEXEC}: the fd must not leak into processes the runtime spawns. */
    static final int EFD_CLOEXEC = 02000000;

    private EventFd(int fd) {
        super(fd);
    }

    /** Creates an eventfd with counter 0 and close-on-exec. */
    public static EventFd create() throws IOException {
        return new EventFd(created(NativeIo.LIBC.eventfd(0, EFD_CLOEXEC), "eventfd"));
    }

    /** Reads and resets the counter; blocks while it is 0. */
    public long read() throws IOException {
        int fd = fd();
        byte[] buf = new byte[8];
        long n = NativeIo.LIBC.read(fd, buf, 8);
        if (n < 0) {
            throw new SyscallException("reading eventfd " + fd, NativeIo.errno());
        }
        if (n != 8) {
            throw new IOException("reading eventfd " + fd + ": short read of " + n + " bytes");
        }
        long v = 0;
        // eventfd values are in host byte order (little endian on the targets we build for)
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[i] & 0xff);
        }
        return v;
    }

    /** Adds {@code value} to the counter, waking readers and pollers. */
    public synchronized void signal(long value) throws IOException {
        int fd = fd();
        if (closed()) {
            // the fd number may already belong to another file
            throw new IOException("eventfd " + fd + " is closed");
        }
        byte[] buf = new byte[8];
        for (int i = 0; i < 8; i++) {
            buf[i] = (byte) (value >>> (8 * i));
        }
        long n = NativeIo.LIBC.write(fd, buf, 8);
        if (n < 0) {
            throw new SyscallException("writing eventfd " + fd, NativeIo.errno());
        }
        if (n != 8) {
            throw new IOException("writing eventfd " + fd + ": short write of " + n + " bytes");
        }
    }
}
