package io.northstar.sextant;

import java.util.List;

/** Squashfs compression of {@code sextant pack -c}. */
enum Compression {
    NONE, GZIP, LZO, XZ, ZSTD;

    /** The mksquashfs arguments, as Northstar passes them. */
    List<String> mksquashfsArguments() {
        if (this == NONE) {
            return List.of("-noI", "-noD", "-noF", "-noX", "-no-fragments");
        }
        return List.of("-comp", name().toLowerCase(java.util.Locale.ROOT));
    }

    /** picocli converter: the lowercase names of the Rust CLI. */
    static Compression parse(String value) {
        for (Compression c : values()) {
            if (c.name().equalsIgnoreCase(value)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression \"" + value + "\" (expected none, gzip, lzo, xz or zstd)");
    }
}
