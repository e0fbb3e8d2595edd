package io.northstar.runtime.mount;

import io.northstar.runtime.sys.Errno;
import io.northstar.runtime.sys.LoopControl;
import io.northstar.runtime.sys.LoopDevice;
import io.northstar.runtime.sys.LoopInfo64;
import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.SyscallException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Binds a free loop device to a byte range of a backing file (npk-format.md
 * §9.1). Another process can take the device LOOP_CTL_GET_FREE returned before
 * our LOOP_SET_FD; the kernel then answers EBUSY and we start over, until the
 * configured loop device timeout has passed.
 */
final class LoopAttacher {
    /** Supplies the index of a presumably free loop device. */
    @FunctionalInterface
    interface FreeIndex {
        int next() throws SyscallException;
    }

    private static final long MAX_BACKOFF_NANOS = 10_000_000L;

    private final FreeIndex freeIndex;
    private final Duration timeout;
    // Within one runtime, attaching is serialised: the races left are with other processes.
    private final ReentrantLock lock = new ReentrantLock();

    LoopAttacher(LoopControl control, Duration timeout) {
        this(control::getFree, timeout);
    }

    LoopAttacher(FreeIndex freeIndex, Duration timeout) {
        this.freeIndex = freeIndex;
        this.timeout = timeout;
    }

    /**
     * Returns the open, bound loop device; the caller closes it when done (the
     * device auto-clears once no mount, dm device or descriptor uses it).
     */
    LoopDevice attach(NativeFd backing, long offset, long sizeLimit) throws SyscallException, TimeoutException {
        lock.lock();
        try {
            long start = System.nanoTime();
            long backoff = 100_000L;
            SyscallException last = null;
            while (true) {
                try {
                    return tryAttach(backing, offset, sizeLimit);
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

    private LoopDevice tryAttach(NativeFd backing, long offset, long sizeLimit) throws SyscallException {
        LoopDevice device = openFree();
        try {
            device.setFd(backing);
        } catch (SyscallException e) {
            device.closeQuietly();
            throw e;
        }
        try {
            device.setStatus(LoopInfo64.of(offset, sizeLimit,
                    LoopInfo64.LO_FLAGS_READ_ONLY | LoopInfo64.LO_FLAGS_AUTOCLEAR));
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

    private LoopDevice openFree() throws SyscallException {
        int index = freeIndex.next();
        try {
            return LoopDevice.open(index);
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
