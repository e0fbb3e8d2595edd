package io.northstar.runtime.sys;

import java.nio.charset.Charset;
import jnr.ffi.Pointer;

/**
 * A kernel struct the runtime passes to an ioctl: written field by field at its offsets into zeroed
 * native memory, so that fields it does not model (reserved words, crypt names) stay zero.
 */
public sealed interface KernelStruct permits LoopConfig, LoopInfo64 {

    /** The struct's size in bytes, as the ioctl's request number encodes it. */
    default int size() {
        return switch (this) {
            case LoopConfig config -> LoopConfig.SIZE;
            case LoopInfo64 info -> LoopInfo64.SIZE;
        };
    }

    /** Writes the fields into zeroed memory of {@link #size()} bytes. */
    void write(Pointer p);

    /** The struct in zeroed native memory of its own, to pass to the kernel. */
    default Pointer toNative() {
        Pointer p = NativeIo.allocate(size());
        write(p);
        return p;
    }

    /** The struct bytes, little endian, as the kernel reads them. */
    default byte[] encode() {
        return bytes(toNative(), size());
    }

    /** The first {@code size} bytes of native memory. */
    static byte[] bytes(Pointer p, int size) {
        byte[] out = new byte[size];
        p.get(0, out, 0, size);
        return out;
    }

    /** A C {@code char[capacity]} field: the bytes up to the first NUL, or all of them when there is none. */
    static String cString(Pointer p, long offset, int capacity, Charset charset) {
        byte[] b = new byte[capacity];
        p.get(offset, b, 0, capacity);
        int len = 0;
        while (len < capacity && b[len] != 0) {
            len++;
        }
        return new String(b, 0, len, charset);
    }
}
