package io.northstar.runtime.sys;

import static io.northstar.runtime.sys.StructLayout.chars;
import static io.northstar.runtime.sys.StructLayout.u32;
import static io.northstar.runtime.sys.StructLayout.u64;

import java.nio.charset.StandardCharsets;
import jnr.ffi.Pointer;

/**
 * One device-mapper target: {@code struct dm_target_spec} (40 bytes) followed
 * by its parameter string, NUL terminated and zero padded to a multiple of 8.
 *
 * @param sectorStart first sector (512 bytes) of the mapped device this target covers
 * @param length      number of sectors
 * @param type        target type, e.g. "verity" (at most 15 bytes)
 * @param params      the table line after the type, e.g. "1 /dev/loop4 /dev/loop4 4096 ..."
 */
public record DmTarget(long sectorStart, long length, String type, String params) {
    static final int TARGET_TYPE_SIZE = 16;
    static final StructLayout SPEC = StructLayout.of("dm_target_spec",
            u64("sector_start"), u64("length"), u32("status"),
            u32("next"), chars("target_type", TARGET_TYPE_SIZE));
    public static final int SPEC_SIZE = SPEC.size();

    public DmTarget {
        if (type.getBytes(StandardCharsets.US_ASCII).length >= TARGET_TYPE_SIZE) {
            throw new IllegalArgumentException("device-mapper target type too long: " + type);
        }
        if (params.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("device-mapper target parameters contain NUL");
        }
    }

    /** Size of spec + parameters + NUL, padded to 8: the value of {@code next} when loading. */
    public int encodedSize() {
        int raw = SPEC_SIZE + params.getBytes(StandardCharsets.US_ASCII).length + 1;
        return (raw + 7) & ~7;
    }

    void write(Pointer p, long offset) {
        p.putLong(offset + SPEC.offset("sector_start"), sectorStart);
        p.putLong(offset + SPEC.offset("length"), length);
        p.putInt(offset + SPEC.offset("status"), 0);
        p.putInt(offset + SPEC.offset("next"), encodedSize());
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        p.put(offset + SPEC.offset("target_type"), t, 0, t.length);
        byte[] params = this.params.getBytes(StandardCharsets.US_ASCII);
        p.put(offset + SPEC_SIZE, params, 0, params.length);
        p.putByte(offset + SPEC_SIZE + params.length, (byte) 0);
    }
}
