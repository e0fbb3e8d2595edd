package io.northstar.runtime.sys;

/**
 * {@code /dev/loop-control}: find or add a free loop device. The runtime opens
 * it once at start.
 */
public final class LoopControl implements LoopCalls {
    public static final String PATH = "/dev/loop-control";
    public static final long LOOP_CTL_ADD = Ioctl.io(LoopDevice.LOOP_IOCTL_TYPE, 0x80);
    public static final long LOOP_CTL_REMOVE = Ioctl.io(LoopDevice.LOOP_IOCTL_TYPE, 0x81);
    public static final long LOOP_CTL_GET_FREE = Ioctl.io(LoopDevice.LOOP_IOCTL_TYPE, 0x82);

    private final NativeFd fd;

    private LoopControl(NativeFd fd) {
        this.fd = fd;
    }

    public static LoopControl open() throws SyscallException {
        return new LoopControl(NativeFd.open(PATH, NativeFd.O_RDWR));
    }

    /** LOOP_CTL_GET_FREE: the index of a free loop device (the kernel adds one if none is free). */
    @Override
    public int getFree() throws SyscallException {
        return Ioctl.call(fd.fd(), LOOP_CTL_GET_FREE, 0, "LOOP_CTL_GET_FREE on " + PATH);
    }

    /** LOOP_CTL_ADD: create /dev/loop{@code index}; returns the index. */
    public int add(int index) throws SyscallException {
        return Ioctl.call(fd.fd(), LOOP_CTL_ADD, index, "LOOP_CTL_ADD " + index + " on " + PATH);
    }

    /** LOOP_CTL_REMOVE: remove an unbound /dev/loop{@code index}. */
    public void remove(int index) throws SyscallException {
        Ioctl.call(fd.fd(), LOOP_CTL_REMOVE, index, "LOOP_CTL_REMOVE " + index + " on " + PATH);
    }

    @Override
    public LoopDevice open(int index) throws SyscallException {
        return LoopDevice.open(index);
    }

    @Override
    public void close() throws SyscallException {
        fd.close();
    }
}
