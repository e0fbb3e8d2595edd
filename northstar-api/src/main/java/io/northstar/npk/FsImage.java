package io.northstar.npk;

/**
 * Where the {@code fs.img} entry lies in the NPK file: what the runtime gives
 * the loop device as {@code lo_offset} and {@code lo_sizelimit}.
 *
 * @param offset byte offset of the first data byte (a multiple of 4096)
 * @param size   entry size, including appended verity data
 */
public record FsImage(long offset, long size) {
    public static final String ENTRY = "fs.img";
    public static final int ALIGNMENT = 4096;
}
