package io.northstar.runtime.sys;

import java.util.HashMap;
import java.util.Map;

/**
 * The layout of a C struct, declared once as the kernel header declares it: the fields in order with
 * their C types. Every offset and the size follow from that the way the x86_64 and aarch64 ABIs lay a
 * struct out (each field aligned to its own alignment, the size padded to the largest one), so no
 * offset is written down by hand.
 */
final class StructLayout {
    private final String name;
    private final Map<String, Integer> offsets;
    private final int size;
    private final int alignment;

    /** One member: {@code size} bytes aligned to {@code alignment}. */
    record Field(String name, int size, int alignment) {
    }

    private StructLayout(String name, Map<String, Integer> offsets, int size, int alignment) {
        this.name = name;
        this.offsets = offsets;
        this.size = size;
        this.alignment = alignment;
    }

    /** {@code struct name { fields }}. */
    static StructLayout of(String name, Field... fields) {
        Map<String, Integer> offsets = new HashMap<>();
        int end = 0;
        int alignment = 1;
        for (Field field : fields) {
            int offset = align(end, field.alignment());
            if (offsets.putIfAbsent(field.name(), offset) != null) {
                throw new IllegalArgumentException("struct " + name + " declares " + field.name() + " twice");
            }
            end = offset + field.size();
            alignment = Math.max(alignment, field.alignment());
        }
        return new StructLayout(name, Map.copyOf(offsets), align(end, alignment), alignment);
    }

    /** {@code __u16}, {@code short}. */
    static Field u16(String name) {
        return new Field(name, 2, 2);
    }

    /** {@code __u32}, {@code __s32}, {@code int}. */
    static Field u32(String name) {
        return new Field(name, 4, 4);
    }

    /** {@code __u64}, {@code size_t}, or a pointer (the 64-bit ABIs only). */
    static Field u64(String name) {
        return new Field(name, 8, 8);
    }

    /** {@code __u32 name[count]}. */
    static Field u32s(String name, int count) {
        return new Field(name, 4 * count, 4);
    }

    /** {@code __u64 name[count]}. */
    static Field u64s(String name, int count) {
        return new Field(name, 8 * count, 8);
    }

    /** {@code char name[count]} or {@code __u8 name[count]}. */
    static Field chars(String name, int count) {
        return new Field(name, count, 1);
    }

    /** A member that is itself a struct. */
    static Field struct(String name, StructLayout layout) {
        return new Field(name, layout.size, layout.alignment);
    }

    /** Offset of the member {@code field}. */
    int offset(String field) {
        Integer offset = offsets.get(field);
        if (offset == null) {
            throw new IllegalArgumentException("struct " + name + " has no member " + field);
        }
        return offset;
    }

    /** {@code sizeof(struct name)}. */
    int size() {
        return size;
    }

    private static int align(int offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }
}
