package io.northstar.runtime.sys;

import static io.northstar.runtime.sys.StructLayout.struct;
import static io.northstar.runtime.sys.StructLayout.u32;
import static io.northstar.runtime.sys.StructLayout.u64s;

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
    static final StructLayout LAYOUT = StructLayout.of("loop_config",
            u32("fd"), u32("block_size"), struct("info", LoopInfo64.LAYOUT),
            u64s("__reserved", 8));
    public static final int SIZE = LAYOUT.size();

    /** The reserved words stay zero, as the kernel demands. */
    @Override
    public void write(Pointer p) {
        p.putInt(LAYOUT.offset("fd"), backingFd);
        p.putInt(LAYOUT.offset("block_size"), blockSize);
        info.write(p.slice(LAYOUT.offset("info"), LoopInfo64.SIZE));
    }
}
