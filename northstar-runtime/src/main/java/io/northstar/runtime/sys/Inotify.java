package io.northstar.runtime.sys;

import java.io.IOException;
import java.nio.file.Path;


/**
 * An inotify(7) instance. cgroup v2 signals changes of {@code memory.events} (and other
 * event files) as {@code IN_MODIFY} on the file, which is how the memory monitor waits.
 */
public final class Inotify extends OwnedFd {

    public static final int IN_MODIFY = 0x00000002;
    static final int IN_CLOEXEC = 02000000;
    static final int IN_NONBLOCK = 04000;

    private Inotify(int fd) {
        super(fd);
    }

    /** A non-blocking, close-on-exec instance; wait for it with {@link Poll}. */
    public static Inotify create() throws IOException {
        return new Inotify(created(NativeIo.LIBC.inotify_init1(IN_CLOEXEC | IN_NONBLOCK), "inotify_init1"));
    }

    /** Adds a watch and returns its descriptor. */
    public int addWatch(Path path, int mask) throws IOException {
        int wd = NativeIo.LIBC.inotify_add_watch(fd(), path.toString(), mask);
        if (wd < 0) {
            throw new SyscallException("inotify_add_watch on " + path, NativeIo.errno());
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
            long n = NativeIo.LIBC.read(fd(), buf, buf.length);
            if (n > 0) {
                total += (int) n;
                continue;
            }
            if (n < 0) {
                int errno = NativeIo.errno();
                if (errno == Errno.EAGAIN) {
                    return total;
                }
                throw new SyscallException("reading inotify fd " + fd(), errno);
            }
            return total;
        }
    }
}
