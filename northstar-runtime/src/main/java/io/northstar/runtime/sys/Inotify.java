package io.northstar.runtime.sys;

import java.io.IOException;
import java.nio.file.Path;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/**
 * An inotify(7) instance. cgroup v2 signals changes of {@code memory.events} (and other
 * event files) as {@code IN_MODIFY} on the file, which is how the memory monitor waits.
 */
public final class Inotify implements AutoCloseable {

    public static final int IN_MODIFY = 0x00000002;
    static final int IN_CLOEXEC = 02000000;
    static final int IN_NONBLOCK = 04000;

    public interface LibC {
        @SaveError
        int inotify_init1(int flags);

        @SaveError
        int inotify_add_watch(int fd, String path, int mask);

        @SaveError
        long read(int fd, byte[] buf, long count);

        @SaveError
        int close(int fd);
    }

    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private final int fd;
    private volatile boolean closed;

    private Inotify(int fd) {
        this.fd = fd;
    }

    /** A non-blocking, close-on-exec instance; wait for it with {@link Poll}. */
    public static Inotify create() throws IOException {
        int fd = LIBC.inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
        if (fd < 0) {
            throw new IOException("inotify_init1 failed: " + EventFd.errnoName(RUNTIME.getLastError()));
        }
        return new Inotify(fd);
    }

    public int fd() {
        return fd;
    }

    /** Adds a watch and returns its descriptor. */
    public int addWatch(Path path, int mask) throws IOException {
        int wd = LIBC.inotify_add_watch(fd, path.toString(), mask);
        if (wd < 0) {
            throw new IOException("inotify_add_watch on " + path + " failed: " + EventFd.errnoName(RUNTIME.getLastError()));
        }
        return wd;
    }

    /**
     * Reads and discards all pending events. Callers re-read the watched file anyway, so only
     * the fact that something changed matters.
     *
     * @return the number of bytes of events drained
     */
    public int drain() throws IOException {
        byte[] buf = new byte[4096];
        int total = 0;
        while (true) {
            long n = LIBC.read(fd, buf, buf.length);
            if (n > 0) {
                total += (int) n;
                continue;
            }
            if (n < 0) {
                int errno = RUNTIME.getLastError();
                if (errno == Errno.EAGAIN) {
                    return total;
                }
                throw new IOException("reading inotify fd " + fd + " failed: " + EventFd.errnoName(errno));
            }
            return total;
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LIBC.close(fd);
        }
    }
}
