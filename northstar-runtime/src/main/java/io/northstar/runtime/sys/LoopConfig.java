package io.northstar.runtime.sys;

import jnr.ffi.Pointer;

/**
 * {@code struct loop_config} (linux/loop.h, kernel 5.8+), 304 bytes: what LOOP_CONFIGURE binds a
 * loop device with in one call.
 *
 * @param backingFd  fd: the backing file
 * @param blockSize  block_size: the device's logical block size in bytes, 0 for the kernel's default
 * @param info       the status LOOP_SET_STATUS64 would set (offset, size limit, flags)
 */
public record LoopConfig(int backingFd, int blockSize, LoopInfo64 info) implements KernelStruct {
    public static final int SIZE = 304;

    static final int OFF_FD = 0;
    static final int OFF_BLOCK_SIZE = 4;
    static final int OFF_INFO = 8;
    static final int OFF_RESERVED = OFF_INFO + LoopInfo64.SIZE;
    static final int RESERVED_SIZE = 8 * 8;

    @Override
    public int size() {
        return SIZE;
    }

    /** The reserved words stay zero, as the kernel demands. */
    @Override
    public void write(Pointer p) {
        p.putInt(OFF_FD, backingFd);
        p.putInt(OFF_BLOCK_SIZE, blockSize);
        info.write(p.slice(OFF_INFO, LoopInfo64.SIZE));
    }
}
