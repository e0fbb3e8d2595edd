package io.northstar.runtime.sys;

import java.io.IOException;
import java.nio.file.Path;
import jnr.constants.platform.Errno;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * An anonymous memory file (memfd_create with sealing allowed) that holds an NPK of a {@code mem}
 * repository. Written through {@link #path()} (/proc/self/fd/N), then sealed against any change,
 * so the loop device and the verified bytes can never diverge.
 */
public final class SealableMemfd implements AutoCloseable {

    /** The libc calls this class needs. */
    public interface LibC {
        int memfd_create(String name, int flags);

        int fcntl(int fd, int cmd, int arg);

        int close(int fd);
    }

    private static final int MFD_CLOEXEC = 0x0001;
    private static final int MFD_ALLOW_SEALING = 0x0002;
    private static final int F_ADD_SEALS = 1024 + 9;
    private static final int F_GET_SEALS = 1024 + 10;
    public static final int F_SEAL_SEAL = 0x0001;
    public static final int F_SEAL_SHRINK = 0x0002;
    public static final int F_SEAL_GROW = 0x0004;
    public static final int F_SEAL_WRITE = 0x0008;

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private final String name;
    private int fd;

    private SealableMemfd(String name, int fd) {
        this.name = name;
        this.fd = fd;
    }

    public static SealableMemfd create(String name) throws IOException {
        int fd = LIBC.memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
        if (fd < 0) {
            throw new IOException("memfd_create " + name + " failed: " + errno());
        }
        return new SealableMemfd(name, fd);
    }

    public int fd() {
        return fd;
    }

    /** The memfd as a path this process can open (again). */
    public Path path() {
        return Path.of("/proc/self/fd/" + fd);
    }

    /** No grow, no shrink, no write, then no more seals (the order Northstar uses). */
    public void seal() throws IOException {
        addSeals(F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_WRITE);
        addSeals(F_SEAL_SEAL);
    }

    public int seals() throws IOException {
        int seals = LIBC.fcntl(fd, F_GET_SEALS, 0);
        if (seals < 0) {
            throw new IOException("F_GET_SEALS on memfd " + name + " failed: " + errno());
        }
        return seals;
    }

    private void addSeals(int seals) throws IOException {
        if (LIBC.fcntl(fd, F_ADD_SEALS, seals) < 0) {
            throw new IOException("F_ADD_SEALS " + seals + " on memfd " + name + " failed: " + errno());
        }
    }

    private static String errno() {
        int errno = LastError.getLastError(RUNTIME);
        Errno e = Errno.valueOf(errno);
        return e == null ? "errno " + errno : e.name() + " (" + e.description() + ")";
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            LIBC.close(fd);
            fd = -1;
        }
    }
}
