package io.northstar.runtime.sys;

/**
 * The loop-device calls the mount logic makes (linux/loop.h), behind an interface so that the
 * logic around them (retries, fallbacks, cleanup) is unit-tested without root against a double
 * that records the calls and fails them on demand (docs/kernel.md). {@link LoopControl} is the
 * Linux implementation.
 */
public interface LoopCalls extends AutoCloseable {

    /** LOOP_CTL_GET_FREE: the index of a presumably free loop device. */
    int getFree() throws SyscallException;

    /** Opens /dev/loop{@code index} read-write; ENOENT when the device has no node. */
    Device open(int index) throws SyscallException;

    @Override
    void close() throws SyscallException;

    /** An open loop device. {@link LoopDevice} is the Linux implementation. */
    interface Device extends AutoCloseable {
        int index();

        String path();

        /**
         * LOOP_CONFIGURE: bind to {@code backing} with {@code info} and {@code blockSize} in one
         * call. EINVAL or ENOTTY from a kernel older than 5.8, EBUSY when the device is taken.
         */
        void configure(NativeFd backing, LoopInfo64 info, int blockSize) throws SyscallException;

        /** LOOP_SET_FD: bind to {@code backing}; EBUSY when someone else bound the device first. */
        void setFd(NativeFd backing) throws SyscallException;

        /** LOOP_SET_STATUS64. */
        void setStatus(LoopInfo64 info) throws SyscallException;

        /** LOOP_CLR_FD. */
        void clearFd() throws SyscallException;

        @Override
        void close() throws SyscallException;

        void closeQuietly();
    }
}
