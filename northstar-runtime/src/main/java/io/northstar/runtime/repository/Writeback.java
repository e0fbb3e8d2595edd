package io.northstar.runtime.repository;

import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.NativeIo;
import io.northstar.runtime.sys.SyscallException;
import java.nio.file.Path;

/**
 * Starts the disk writes of an upload's file while the bytes still arrive
 * ({@code sync_file_range(SYNC_FILE_RANGE_WRITE)} every 8 MiB), so that the fsync at its end,
 * which makes the install durable, waits only for the tail. Only a head start: it guarantees
 * nothing, and where it fails (a file system without it) the fsync does all the work as before.
 */
final class Writeback implements AutoCloseable {
    private static final int SYNC_FILE_RANGE_WRITE = 2;
    private static final long STEP = 8L << 20;

    /** Null when there is none, or once closed. */
    private NativeFd fd;
    private long started;

    private Writeback(NativeFd fd) {
        this.fd = fd;
    }

    /** A descriptor of {@code file} for starting writeback; none (empty head start) if it cannot be opened. */
    static Writeback of(Path file) {
        try {
            return new Writeback(NativeFd.open(file.toString(), NativeFd.O_RDONLY));
        } catch (SyscallException e) {
            return new Writeback(null);
        }
    }

    /** The upload has reached {@code written} bytes: start writing what is not started yet, in steps. */
    void advance(long written) {
        if (fd == null || written - started < STEP) {
            return;
        }
        if (NativeIo.LIBC.sync_file_range(fd.fd(), started, written - started, SYNC_FILE_RANGE_WRITE) == 0) {
            started = written;
        } else {
            close(); // not supported here: the final fsync writes everything
        }
    }

    @Override
    public void close() {
        if (fd != null) {
            fd.closeQuietly();
            fd = null;
        }
    }
}
