package io.northstar.runtime.sys;

import jnr.ffi.Pointer;

/** An open {@code /dev/loop<N>} and the loop ioctls (linux/loop.h) on it. */
public final class LoopDevice implements LoopCalls.Device {
    /** linux/loop.h numbers its requests 0x4C00 + nr: that is {@code _IO('L', nr)}, no size or direction bits. */
    static final int LOOP_IOCTL_TYPE = 'L';
    public static final long LOOP_SET_FD = Ioctl.io(LOOP_IOCTL_TYPE, 0x00);
    public static final long LOOP_CLR_FD = Ioctl.io(LOOP_IOCTL_TYPE, 0x01);
    public static final long LOOP_SET_STATUS64 = Ioctl.io(LOOP_IOCTL_TYPE, 0x04);
    public static final long LOOP_GET_STATUS64 = Ioctl.io(LOOP_IOCTL_TYPE, 0x05);
    /** Since Linux 5.8. */
    public static final long LOOP_CONFIGURE = Ioctl.io(LOOP_IOCTL_TYPE, 0x0A);

    private final int index;
    private final String path;
    private final NativeFd fd;

    private LoopDevice(int index, String path, NativeFd fd) {
        this.index = index;
        this.path = path;
        this.fd = fd;
    }

    public static String pathOf(int index) {
        return "/dev/loop" + index;
    }

    /** Opens /dev/loop{@code index} read-write (what LOOP_SET_FD needs). */
    public static LoopDevice open(int index) throws SyscallException {
        String path = pathOf(index);
        return new LoopDevice(index, path, NativeFd.open(path, NativeFd.O_RDWR));
    }

    /** Opens /dev/loop{@code index} read-only, enough for LOOP_GET_STATUS64 and reading. */
    public static LoopDevice openReadOnly(int index) throws SyscallException {
        String path = pathOf(index);
        return new LoopDevice(index, path, NativeFd.open(path, NativeFd.O_RDONLY));
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public String path() {
        return path;
    }

    public NativeFd fd() {
        return fd;
    }

    @Override
    public void configure(NativeFd backing, LoopInfo64 info, int blockSize) throws SyscallException {
        Pointer p = new LoopConfig(backing.fd(), blockSize, info).toNative();
        Ioctl.call(fd.fd(), LOOP_CONFIGURE, p.address(), "LOOP_CONFIGURE on " + path);
    }

    /** LOOP_SET_FD: bind the device to {@code backing}. EBUSY when someone else bound it first. */
    @Override
    public void setFd(NativeFd backing) throws SyscallException {
        Ioctl.call(fd.fd(), LOOP_SET_FD, backing.fd(), "LOOP_SET_FD on " + path);
    }

    /** LOOP_SET_STATUS64. */
    @Override
    public void setStatus(LoopInfo64 info) throws SyscallException {
        Pointer p = info.toNative();
        Ioctl.call(fd.fd(), LOOP_SET_STATUS64, p.address(), "LOOP_SET_STATUS64 on " + path);
    }

    /** LOOP_GET_STATUS64; ENXIO when the device is not bound. */
    public LoopInfo64 getStatus() throws SyscallException {
        Pointer p = NativeIo.allocate(LoopInfo64.SIZE);
        Ioctl.call(fd.fd(), LOOP_GET_STATUS64, p.address(), "LOOP_GET_STATUS64 on " + path);
        return LoopInfo64.read(p);
    }

    /** LOOP_CLR_FD: unbind (immediately, or at last close when the device is still open elsewhere). */
    @Override
    public void clearFd() throws SyscallException {
        Ioctl.call(fd.fd(), LOOP_CLR_FD, 0, "LOOP_CLR_FD on " + path);
    }

    @Override
    public void close() throws SyscallException {
        fd.close();
    }

    @Override
    public void closeQuietly() {
        fd.closeQuietly();
    }

    @Override
    public String toString() {
        return path;
    }
}
