package io.northstar.runtime.sys;

import static io.northstar.runtime.sys.StructLayout.chars;
import static io.northstar.runtime.sys.StructLayout.u32;
import static io.northstar.runtime.sys.StructLayout.u64;
import static io.northstar.runtime.sys.StructLayout.u64s;

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
    public static final int LO_FLAGS_READ_ONLY = 1;
    public static final int LO_FLAGS_AUTOCLEAR = 4;
    public static final int LO_FLAGS_PARTSCAN = 8;
    public static final int LO_FLAGS_DIRECT_IO = 16;

    static final int NAME_SIZE = 64;
    static final StructLayout LAYOUT = StructLayout.of("loop_info64",
            u64("lo_device"), u64("lo_inode"), u64("lo_rdevice"),
            u64("lo_offset"), u64("lo_sizelimit"),
            u32("lo_number"), u32("lo_encrypt_type"), u32("lo_encrypt_key_size"),
            u32("lo_flags"), chars("lo_file_name", NAME_SIZE),
            chars("lo_crypt_name", NAME_SIZE), chars("lo_encrypt_key", 32),
            u64s("lo_init", 2));
    public static final int SIZE = LAYOUT.size();

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
    public void write(Pointer p) {
        p.putLong(LAYOUT.offset("lo_device"), device);
        p.putLong(LAYOUT.offset("lo_inode"), inode);
        p.putLong(LAYOUT.offset("lo_rdevice"), rdevice);
        p.putLong(LAYOUT.offset("lo_offset"), offset);
        p.putLong(LAYOUT.offset("lo_sizelimit"), sizeLimit);
        p.putInt(LAYOUT.offset("lo_number"), number);
        p.putInt(LAYOUT.offset("lo_flags"), flags);
        byte[] name = fileName.getBytes(StandardCharsets.UTF_8);
        p.put(LAYOUT.offset("lo_file_name"), name, 0, Math.min(name.length, NAME_SIZE - 1));
    }

    static LoopInfo64 read(Pointer p) {
        return new LoopInfo64(p.getLong(LAYOUT.offset("lo_device")), p.getLong(LAYOUT.offset("lo_inode")),
                p.getLong(LAYOUT.offset("lo_rdevice")), p.getLong(LAYOUT.offset("lo_offset")),
                p.getLong(LAYOUT.offset("lo_sizelimit")), p.getInt(LAYOUT.offset("lo_number")),
                p.getInt(LAYOUT.offset("lo_flags")),
                KernelStruct.cString(p, LAYOUT.offset("lo_file_name"), NAME_SIZE, StandardCharsets.UTF_8));
    }
}
