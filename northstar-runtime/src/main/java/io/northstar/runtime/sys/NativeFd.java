package io.northstar.runtime.sys;

import java.util.Arrays;

/**
 * An owned file descriptor: open/close/read/pread/write through libc. Closing
 * is idempotent. Descriptors are opened with O_CLOEXEC unless asked otherwise
 * so they never leak into processes the runtime's forker starts.
 */
public final class NativeFd implements AutoCloseable {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_TRUNC = 01000;
    public static final int O_CLOEXEC = 02000000;

    private final int fd;
    private final String description;
    private boolean closed;

    private NativeFd(int fd, String description) {
        this.fd = fd;
        this.description = description;
    }

    /** Takes ownership of an already open descriptor. */
    public static NativeFd adopt(int fd, String description) {
        if (fd < 0) {
            throw new IllegalArgumentException("invalid fd " + fd + " for " + description);
        }
        return new NativeFd(fd, description);
    }

    /** open(2) with O_CLOEXEC added. */
    public static NativeFd open(String path, int flags) throws SyscallException {
        return open(path, flags, 0);
    }

    public static NativeFd open(String path, int flags, int mode) throws SyscallException {
        return open(path, flags, mode, path);
    }

    /** open(2) with O_CLOEXEC added; {@code description} names the file in messages (e.g. for /proc/self/fd paths). */
    public static NativeFd open(String path, int flags, int mode, String description) throws SyscallException {
        int fd = NativeIo.LIBC.open(path, flags | O_CLOEXEC, mode);
        if (fd < 0) {
            throw new SyscallException("open " + description, NativeIo.errno());
        }
        return new NativeFd(fd, description);
    }

    public int fd() {
        if (closed) {
            throw new IllegalStateException(description + " is closed");
        }
        return fd;
    }

    /** What the descriptor refers to, for messages (a path or a memfd name). */
    public String description() {
        return description;
    }

    /** read(2) up to {@code count} bytes; an empty array at end of file. */
    public byte[] read(int count) throws SyscallException {
        byte[] buf = new byte[count];
        long n = NativeIo.LIBC.read(fd(), buf, count);
        if (n < 0) {
            throw new SyscallException("read " + description, NativeIo.errno());
        }
        return n == count ? buf : Arrays.copyOf(buf, (int) n);
    }

    /** pread(2) up to {@code count} bytes at {@code offset}; short only at end of file. */
    public byte[] pread(long offset, int count) throws SyscallException {
        byte[] buf = new byte[count];
        int done = 0;
        while (done < count) {
            byte[] part = done == 0 ? buf : new byte[count - done];
            long n = NativeIo.LIBC.pread(fd(), part, count - done, offset + done);
            if (n < 0) {
                int errno = NativeIo.errno();
                if (errno == Errno.EINTR) {
                    continue;
                }
                throw new SyscallException("pread " + description + " at offset " + (offset + done), errno);
            }
            if (n == 0) {
                break;
            }
            if (part != buf) {
                System.arraycopy(part, 0, buf, done, (int) n);
            }
            done += (int) n;
        }
        return done == count ? buf : Arrays.copyOf(buf, done);
    }

    /** write(2) all of {@code data}. */
    public void writeAll(byte[] data) throws SyscallException {
        int done = 0;
        while (done < data.length) {
            byte[] part = done == 0 ? data : Arrays.copyOfRange(data, done, data.length);
            long n = NativeIo.LIBC.write(fd(), part, part.length);
            if (n < 0) {
                int errno = NativeIo.errno();
                if (errno == Errno.EINTR) {
                    continue;
                }
                throw new SyscallException("write " + description, errno);
            }
            done += (int) n;
        }
    }

    /** The path the kernel shows for this descriptor in /proc/self/fd. */
    public String procPath() {
        return "/proc/self/fd/" + fd();
    }

    @Override
    public void close() throws SyscallException {
        if (closed) {
            return;
        }
        closed = true;
        // Linux releases the descriptor even when close reports an error; never retry.
        if (NativeIo.LIBC.close(fd) < 0) {
            throw new SyscallException("close " + description, NativeIo.errno());
        }
    }

    /** Close on an error path: a second failure must not hide the first. */
    public void closeQuietly() {
        try {
            close();
        } catch (SyscallException ignored) {
            // the descriptor is released by the kernel anyway
        }
    }

    @Override
    public String toString() {
        return description + " (fd " + fd + (closed ? ", closed)" : ")");
    }
}
