package io.northstar.runtime.sys;

/**
 * A descriptor of a kernel object the runtime creates and owns (an eventfd, an inotify instance).
 * It is closed once; closing holds the object's lock, so a method that writes under that lock and
 * checks {@link #closed} never uses the number after the kernel may have handed it out again.
 */
abstract sealed class OwnedFd implements AutoCloseable permits EventFd, Inotify {
    private final int fd;
    private volatile boolean closed;

    OwnedFd(int fd) {
        this.fd = fd;
    }

    /** The result of a call that creates a descriptor: the fd, or the call's failure with errno. */
    static int created(int fd, String call) throws SyscallException {
        if (fd < 0) {
            throw new SyscallException(call, NativeIo.errno());
        }
        return fd;
    }

    public int fd() {
        return fd;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            NativeIo.LIBC.close(fd);
        }
    }
}
