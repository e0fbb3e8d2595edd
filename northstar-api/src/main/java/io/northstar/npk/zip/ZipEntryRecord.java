package io.northstar.npk.zip;

/**
 * One entry of a zip central directory, as far as an NPK needs it.
 *
 * @param name               entry name
 * @param flags              general purpose bit flags
 * @param method             compression method (0 = stored)
 * @param crc32              CRC-32 of the uncompressed data (unsigned)
 * @param compressedSize     bytes of data in the archive
 * @param size               uncompressed size
 * @param localHeaderOffset  offset of the entry's local file header
 */
public record ZipEntryRecord(String name, int flags, int method, long crc32, long compressedSize, long size,
                             long localHeaderOffset) {
    public static final int METHOD_STORED = 0;

    public boolean stored() {
        return method == METHOD_STORED;
    }
}
