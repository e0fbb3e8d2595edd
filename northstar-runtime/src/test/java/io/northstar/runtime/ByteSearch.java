package io.northstar.runtime;

/** Finding bytes stored verbatim in a file, such as a file's content inside an uncompressed squashfs image. */
public final class ByteSearch {
    private ByteSearch() {
    }

    /** The offset where {@code part} first stands byte for byte in {@code data}, or -1 where it does not. */
    public static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
