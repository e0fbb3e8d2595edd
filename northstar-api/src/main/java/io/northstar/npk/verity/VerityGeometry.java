package io.northstar.npk.verity;

import java.util.ArrayList;
import java.util.List;

/**
 * Sizes and places of the stored levels of a dm-verity hash tree with 4096-byte
 * blocks and SHA-256 (docs/npk-format.md, "Hash tree").
 *
 * <p>Level 0 holds the hashes of the data blocks; level {@code i+1} the hashes of
 * the blocks of level {@code i}; the last level is a single block whose hash is
 * the root hash. The levels are stored top level first, so level {@code i}
 * starts after all levels {@code j > i}.
 *
 * @param dataBlocks  number of data blocks
 * @param levelSizes  byte size of each stored level, level 0 first
 */
public record VerityGeometry(long dataBlocks, List<Long> levelSizes) {
    public static final int BLOCK_SIZE = 4096;
    public static final int DIGEST_SIZE = 32;
    public static final int HASHES_PER_BLOCK = BLOCK_SIZE / DIGEST_SIZE;

    public VerityGeometry {
        levelSizes = List.copyOf(levelSizes);
    }

    /**
     * Geometry for a data area of {@code dataSize} bytes.
     *
     * @throws IllegalArgumentException if the size is not a positive multiple of 4096
     */
    public static VerityGeometry forDataSize(long dataSize) {
        if (dataSize <= 0 || dataSize % BLOCK_SIZE != 0) {
            throw new IllegalArgumentException("verity data size " + dataSize + " is not a positive multiple of " + BLOCK_SIZE);
        }
        List<Long> sizes = new ArrayList<>();
        long remaining = dataSize;
        while (remaining > BLOCK_SIZE) {
            long hashes = ceilDiv(remaining, BLOCK_SIZE);
            long size = ceilDiv(hashes * DIGEST_SIZE, BLOCK_SIZE) * BLOCK_SIZE;
            sizes.add(size);
            remaining = size;
        }
        return new VerityGeometry(dataSize / BLOCK_SIZE, sizes);
    }

    public int levels() {
        return levelSizes.size();
    }

    public long levelSize(int level) {
        return levelSizes.get(level);
    }

    /** Number of blocks stored in {@code level}. */
    public long levelBlocks(int level) {
        return levelSizes.get(level) / BLOCK_SIZE;
    }

    /** Offset of {@code level} from the start of the hash area. */
    public long levelOffset(int level) {
        long offset = 0;
        for (int j = levelSizes.size() - 1; j > level; j--) {
            offset += levelSizes.get(j);
        }
        return offset;
    }

    /** Total bytes of all stored levels. */
    public long treeSize() {
        long total = 0;
        for (long s : levelSizes) {
            total += s;
        }
        return total;
    }

    public long dataSize() {
        return dataBlocks * BLOCK_SIZE;
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
