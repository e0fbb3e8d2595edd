package io.northstar.runtime.sys;

import java.nio.charset.StandardCharsets;
import jnr.ffi.Pointer;

/**
 * {@code struct loop_info64} (linux/loop.h), 232 bytes. Only the fields the
 * runtime reads or writes are modelled; the name and crypt fields are written
 * as zeros.
 *
 * @param device    lo_device: st_dev of the backing file (read only)
 * @param inode     lo_inode: inode of the backing file (read only)
 * @param rdevice   lo_rdevice (read only)
 * @param offset    lo_offset in bytes
 * @param sizeLimit lo_sizelimit in bytes, 0 = to the end of the backing file
 * @param number    lo_number: the loop device index (read only)
 * @param flags     lo_flags (LO_FLAGS_*)
 * @param fileName  lo_file_name (informational, at most 63 bytes)
 */
public record LoopInfo64(long device, long inode, long rdevice, long offset, long sizeLimit, int number, int flags,
                         String fileName) implements KernelStruct {
    public static final int SIZE = 232;
    public static final int LO_FLAGS_READ_ONLY = 1;
    public static final int LO_FLAGS_AUTOCLEAR = 4;
    public static final int LO_FLAGS_PARTSCAN = 8;
    public static final int LO_FLAGS_DIRECT_IO = 16;

    static final int OFF_DEVICE = 0;
    static final int OFF_INODE = 8;
    static final int OFF_RDEVICE = 16;
    static final int OFF_OFFSET = 24;
    static final int OFF_SIZELIMIT = 32;
    static final int OFF_NUMBER = 40;
    static final int OFF_ENCRYPT_TYPE = 44;
    static final int OFF_ENCRYPT_KEY_SIZE = 48;
    static final int OFF_FLAGS = 52;
    static final int OFF_FILE_NAME = 56;
    static final int OFF_CRYPT_NAME = 120;
    static final int OFF_ENCRYPT_KEY = 184;
    static final int OFF_INIT = 216;
    static final int NAME_SIZE = 64;

    public LoopInfo64 {
        fileName = fileName == null ? "" : fileName;
    }

    /** What the runtime sets: offset, size limit and flags, everything else zero. */
    public static LoopInfo64 of(long offset, long sizeLimit, int flags) {
        return new LoopInfo64(0, 0, 0, offset, sizeLimit, 0, flags, "");
    }

    public boolean readOnly() {
        return (flags & LO_FLAGS_READ_ONLY) != 0;
    }

    public boolean autoclear() {
        return (flags & LO_FLAGS_AUTOCLEAR) != 0;
    }

    @Override
    public int size() {
        return SIZE;
    }

    @Override
    public void write(Pointer p) {
        p.putLong(OFF_DEVICE, device);
        p.putLong(OFF_INODE, inode);
        p.putLong(OFF_RDEVICE, rdevice);
        p.putLong(OFF_OFFSET, offset);
        p.putLong(OFF_SIZELIMIT, sizeLimit);
        p.putInt(OFF_NUMBER, number);
        p.putInt(OFF_FLAGS, flags);
        byte[] name = fileName.getBytes(StandardCharsets.UTF_8);
        p.put(OFF_FILE_NAME, name, 0, Math.min(name.length, NAME_SIZE - 1));
    }

    static LoopInfo64 read(Pointer p) {
        return new LoopInfo64(p.getLong(OFF_DEVICE), p.getLong(OFF_INODE), p.getLong(OFF_RDEVICE),
                p.getLong(OFF_OFFSET), p.getLong(OFF_SIZELIMIT), p.getInt(OFF_NUMBER), p.getInt(OFF_FLAGS),
                KernelStruct.cString(p, OFF_FILE_NAME, NAME_SIZE, StandardCharsets.UTF_8));
    }
}
