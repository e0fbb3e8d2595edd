package io.northstar.npk.verity;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The dm-verity hash tree of a data area (docs/npk-format.md, "Hash tree"): salted SHA-256
 * over 4096-byte blocks, levels padded with zeros to whole blocks, stored top
 * level first. Identical to what {@code veritysetup format} writes after its
 * superblock for the same salt.
 */
public final class VerityTree {
    private final VerityGeometry geometry;
    private final List<byte[]> levels;
    private final byte[] root;

    private VerityTree(VerityGeometry geometry, List<byte[]> levels, byte[] root) {
        this.geometry = geometry;
        this.levels = levels;
        this.root = root;
    }

    /**
     * Builds the tree of {@code channel[offset, offset+dataSize)}.
     *
     * @param dataSize a positive multiple of 4096
     */
    public static VerityTree build(FileChannel channel, long offset, long dataSize, byte[] salt) throws IOException {
        return build(channel, offset, dataSize, salt, Runtime.getRuntime().availableProcessors());
    }

    /** As {@link #build(FileChannel, long, long, byte[])} with at most {@code threads} hashing threads. */
    public static VerityTree build(FileChannel channel, long offset, long dataSize, byte[] salt, int threads) throws IOException {
        VerityGeometry geometry = VerityGeometry.forDataSize(dataSize);
        BlockHasher hasher = new BlockHasher(salt, threads);
        if (geometry.levels() == 0) {
            byte[] root = new byte[VerityGeometry.DIGEST_SIZE];
            hasher.hash(channel, offset, 1, root);
            return new VerityTree(geometry, List.of(), root);
        }
        List<byte[]> levels = new ArrayList<>();
        byte[] level = new byte[levelArraySize(geometry.levelSize(0))];
        hasher.hash(channel, offset, geometry.dataBlocks(), level);
        levels.add(level);
        for (int i = 1; i < geometry.levels(); i++) {
            byte[] below = levels.get(i - 1);
            byte[] hashes = new byte[levelArraySize(geometry.levelSize(i))];
            hasher.hash(below, (int) geometry.levelBlocks(i - 1), hashes);
            levels.add(hashes);
        }
        byte[] root = new byte[VerityGeometry.DIGEST_SIZE];
        hasher.hash(levels.get(levels.size() - 1), 1, root);
        return new VerityTree(geometry, List.copyOf(levels), root);
    }

    static int levelArraySize(long size) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("verity level of " + size + " bytes is too large");
        }
        return (int) size;
    }

    public VerityGeometry geometry() {
        return geometry;
    }

    public byte[] rootHash() {
        return root.clone();
    }

    /** Stored level {@code i} (0 = hashes of the data blocks), padded to whole blocks. */
    public byte[] level(int i) {
        return levels.get(i).clone();
    }

    /** Size of the hash area (all stored levels). */
    public long size() {
        return geometry.treeSize();
    }

    /** Writes the stored levels, top level first, at {@code position} of {@code out}. */
    public void writeTo(FileChannel out, long position) throws IOException {
        long p = position;
        for (int i = levels.size() - 1; i >= 0; i--) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(levels.get(i));
            while (b.hasRemaining()) {
                p += out.write(b, p);
            }
        }
    }

    /** The hash area bytes, top level first. */
    public byte[] toBytes() {
        byte[] all = new byte[levelArraySize(size())];
        int p = 0;
        for (int i = levels.size() - 1; i >= 0; i--) {
            byte[] l = levels.get(i);
            System.arraycopy(l, 0, all, p, l.length);
            p += l.length;
        }
        return all;
    }
}
