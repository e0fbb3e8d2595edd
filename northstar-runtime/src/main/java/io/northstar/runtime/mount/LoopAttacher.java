package io.northstar.runtime.mount;

import io.northstar.runtime.sys.Errno;
import io.northstar.runtime.sys.LoopCalls;
import io.northstar.runtime.sys.LoopInfo64;
import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.SyscallException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Binds a free loop device to a byte range of a backing file (docs/npk-format.md, "Loop device"). Another process can
 * take the device LOOP_CTL_GET_FREE returned before we bind it; the kernel then answers EBUSY and we start over,
 * until the configured loop device timeout has passed.
 *
 * <p>Binding is one LOOP_CONFIGURE (Linux 5.8+: backing fd, offset, size limit, flags and block size at once, so
 * the device is never visible bound but not yet limited to the image). A kernel without it answers EINVAL or
 * ENOTTY; from then on this attacher binds with LOOP_SET_FD and LOOP_SET_STATUS64 (docs/kernel.md).
 */
final class LoopAttacher {
    /** The logical block size of the device: what LOOP_SET_FD gives, and what squashfs and dm-verity expect. */
    static final int BLOCK_SIZE = 512;
    private static final int FLAGS = LoopInfo64.LO_FLAGS_READ_ONLY | LoopInfo64.LO_FLAGS_AUTOCLEAR;
    private static final long MAX_BACKOFF_NANOS = 10_000_000L;

    private final LoopCalls loops;
    private final Duration timeout;
    // Within one runtime, attaching is serialised: the races left are with other processes.
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean configureUnsupported;

    LoopAttacher(LoopCalls loops, Duration timeout) {
        this.loops = loops;
        this.timeout = timeout;
    }

    /**
     * Returns the open, bound loop device; the caller closes it when done (the
     * device auto-clears once no mount, dm device or descriptor uses it).
     */
    LoopCalls.Device attach(NativeFd backing, long offset, long sizeLimit) throws SyscallException, TimeoutException {
        lock.lock();
        try {
            long start = System.nanoTime();
            long backoff = 100_000L;
            SyscallException last = null;
            while (true) {
                try {
                    return tryAttach(backing, LoopInfo64.of(offset, sizeLimit, FLAGS));
                } catch (SyscallException e) {
                    if (!e.is(Errno.EBUSY) && !e.is(Errno.EAGAIN)) {
                        throw e;
                    }
                    last = e;
                }
                if (System.nanoTime() - start >= timeout.toNanos()) {
                    throw new TimeoutException(timeout, last);
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether binding uses LOOP_CONFIGURE (false after the kernel refused it once). */
    boolean usesConfigure() {
        return !configureUnsupported;
    }

    private LoopCalls.Device tryAttach(NativeFd backing, LoopInfo64 info) throws SyscallException {
        LoopCalls.Device device = openFree();
        if (!configureUnsupported) {
            try {
                device.configure(backing, info, BLOCK_SIZE);
                return device;
            } catch (SyscallException e) {
                if (!e.is(Errno.EINVAL) && !e.is(Errno.ENOTTY)) {
                    device.closeQuietly();
                    throw e;
                }
                // Before 5.8 the loop driver answers an unknown ioctl with EINVAL (ENOTTY in some
                // back ports). Nothing was bound, so the same device is bound the old way. An EINVAL for
                // bad arguments on a newer kernel comes back from LOOP_SET_STATUS64 and is reported there.
                configureUnsupported = true;
            }
        }
        try {
            device.setFd(backing);
        } catch (SyscallException e) {
            device.closeQuietly();
            throw e;
        }
        try {
            device.setStatus(info);
        } catch (SyscallException e) {
            try {
                device.clearFd();
            } catch (SyscallException ignored) {
                // the device is closed next; nothing else holds it, so it will not stay bound to us
            }
            device.closeQuietly();
            throw e;
        }
        return device;
    }

    private LoopCalls.Device openFree() throws SyscallException {
        int index = loops.getFree();
        try {
            return loops.open(index);
        } catch (SyscallException e) {
            if (!e.is(Errno.ENOENT)) {
                throw e;
            }
            // LOOP_CTL_GET_FREE has already created the device in the kernel; only its node is missing
            // (a static /dev without devtmpfs or udev). Asking the kernel for more devices would add one
            // per retry without ever getting a node, so this fails at once and says why.
            throw new SyscallException(e.operation() + " (the kernel's free loop device " + index
                    + " has no device node: is devtmpfs mounted on /dev?)", Errno.ENOENT);
        }
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** No loop device could be bound within the timeout. */
    static final class TimeoutException extends Exception {
        TimeoutException(Duration timeout, SyscallException last) {
            super("failed to acquire loop device within " + io.northstar.runtime.config.HumanDuration.format(timeout)
                    + (last == null ? "" : " (last: " + last.getMessage() + ")"), last);
        }
    }
}
