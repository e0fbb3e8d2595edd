package io.northstar.runtime.sys;

import java.io.IOException;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/**
 * An eventfd(2): a kernel counter readable as 8 bytes. Used as the OOM notification target of
 * cgroup v1 ({@code cgroup.event_control}) and as a wake-up for threads blocked in {@link Poll}.
 */
public final class EventFd implements AutoCloseable {

    /** {@code EFD_CLOEXEC}: the fd must not leak into processes the runtime spawns. */
    static final int EFD_CLOEXEC = 02000000;

    public interface LibC {
        @SaveError
        int eventfd(int initval, int flags);

        @SaveError
        long read(int fd, byte[] buf, long count);

        @SaveError
        long write(int fd, byte[] buf, long count);

        @SaveError
        int close(int fd);
    }

    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private final int fd;
    private volatile boolean closed;

    private EventFd(int fd) {
        this.fd = fd;
    }

    /** Creates an eventfd with counter 0 and close-on-exec. */
    public static EventFd create() throws IOException {
        int fd = LIBC.eventfd(0, EFD_CLOEXEC);
        if (fd < 0) {
            throw new IOException("eventfd failed: " + errnoName());
        }
        return new EventFd(fd);
    }

    public int fd() {
        return fd;
    }

    /** Reads and resets the counter; blocks while it is 0. */
    public long read() throws IOException {
        byte[] buf = new byte[8];
        long n = LIBC.read(fd, buf, 8);
        if (n != 8) {
            throw new IOException("reading eventfd " + fd + " failed: " + (n < 0 ? errnoName() : "short read " + n));
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
        if (closed) {
            // the fd number may already belong to another file
            throw new IOException("eventfd " + fd + " is closed");
        }
        byte[] buf = new byte[8];
        for (int i = 0; i < 8; i++) {
            buf[i] = (byte) (value >>> (8 * i));
        }
        long n = LIBC.write(fd, buf, 8);
        if (n != 8) {
            throw new IOException("writing eventfd " + fd + " failed: " + (n < 0 ? errnoName() : "short write " + n));
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LIBC.close(fd);
        }
    }

    static String errnoName() {
        return errnoName(RUNTIME.getLastError());
    }

    static String errnoName(int errno) {
        return Errno.name(errno) + ": " + Errno.description(errno);
    }
}
