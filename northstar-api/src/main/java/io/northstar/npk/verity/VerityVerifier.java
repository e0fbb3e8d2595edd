package io.northstar.npk.verity;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Checks a whole image against its hash tree and signed root hash in user
 * space, for kernels without device-mapper: what dm-verity would check block
 * by block on access is checked here before the mount.
 *
 * <p>The check runs top down like the kernel's: the top hash block against the
 * root hash, each level against the level above it, the data blocks against
 * level 0. The first mismatch is reported with the block that failed, so a
 * corrupted hash block is reported as such and not as a bad data block.
 */
public final class VerityVerifier {
    private static final int B = VerityGeometry.BLOCK_SIZE;
    private static final int D = VerityGeometry.DIGEST_SIZE;

    private VerityVerifier() {
    }

    /**
     * Verifies {@code image[dataOffset, dataOffset+dataSize)} with the tree
     * stored at {@code hashOffset} (for an NPK: fs.img offset + verity-offset +
     * 4096, the superblock being skipped).
     *
     * @throws VerityException naming the failing block
     * @throws IOException     if the image cannot be read or is too short
     */
    public static void verify(FileChannel image, long dataOffset, long dataSize, long hashOffset, byte[] rootHash,
                              byte[] salt) throws IOException, VerityException {
        verify(image, dataOffset, dataSize, hashOffset, rootHash, salt, Runtime.getRuntime().availableProcessors());
    }

    /** As {@link #verify(FileChannel, long, long, long, byte[], byte[])} with at most {@code threads} threads. */
    public static void verify(FileChannel image, long dataOffset, long dataSize, long hashOffset, byte[] rootHash,
                              byte[] salt, int threads) throws IOException, VerityException {
        verify(image, dataOffset, dataSize, hashOffset, rootHash, salt, threads, BlockDigest.JDK);
    }

    /**
     * As {@link #verify(FileChannel, long, long, long, byte[], byte[], int)}, hashing with
     * {@code digest} (the runtime's is libcrypto).
     */
    public static void verify(FileChannel image, long dataOffset, long dataSize, long hashOffset, byte[] rootHash,
                              byte[] salt, int threads, BlockDigest digest) throws IOException, VerityException {
        if (rootHash.length != D) {
            throw new IllegalArgumentException("root hash has " + rootHash.length + " bytes, expected 32");
        }
        VerityGeometry geometry = VerityGeometry.forDataSize(dataSize);
        long end = hashOffset + geometry.treeSize();
        if (image.size() < end || image.size() < dataOffset + dataSize) {
            throw new EOFException("image of " + image.size() + " bytes is too short for " + dataSize
                    + " bytes of verity data at offset " + dataOffset + " and a hash tree of " + geometry.treeSize()
                    + " bytes at offset " + hashOffset);
        }
        BlockHasher hasher = new BlockHasher(salt, threads, digest);
        int levels = geometry.levels();
        if (levels == 0) {
            byte[] hash = new byte[D];
            hasher.hash(image, dataOffset, 1, hash);
            if (!MessageDigest.isEqual(hash, rootHash)) {
                throw dataFailure(0, dataOffset, "its hash " + hex(hash) + " is not the root hash " + hex(rootHash));
            }
            return;
        }
        byte[] above = readLevel(image, hashOffset, geometry, levels - 1);
        byte[] top = new byte[D];
        hasher.hash(above, 1, top);
        if (!MessageDigest.isEqual(top, rootHash)) {
            long block = geometry.levelOffset(levels - 1) / B;
            throw new VerityException(new VerityFailure.HashBlock(levels - 1, 0, block),
                    "verity: top hash block (block " + block + " of the hash area) hashes to " + hex(top)
                            + ", not the root hash " + hex(rootHash));
        }
        for (int level = levels - 2; level >= 0; level--) {
            byte[] current = readLevel(image, hashOffset, geometry, level);
            int blocks = (int) geometry.levelBlocks(level);
            byte[] hashes = new byte[blocks * D];
            hasher.hash(current, blocks, hashes);
            long mismatch = firstMismatch(hashes, above, blocks);
            if (mismatch >= 0) {
                long block = geometry.levelOffset(level) / B + mismatch;
                throw new VerityException(new VerityFailure.HashBlock(level, mismatch, block),
                        "verity: hash block " + mismatch + " of tree level " + level + " (block " + block
                                + " of the hash area) does not match its hash in level " + (level + 1));
            }
            above = current;
        }
        long dataBlocks = geometry.dataBlocks();
        byte[] hashes = new byte[VerityTree.levelArraySize(dataBlocks * D)];
        hasher.hash(image, dataOffset, dataBlocks, hashes);
        long mismatch = firstMismatch(hashes, above, dataBlocks);
        if (mismatch >= 0) {
            throw dataFailure(mismatch, dataOffset, "it does not match its hash in tree level 0");
        }
    }

    private static VerityException dataFailure(long block, long dataOffset, String why) {
        long start = dataOffset + block * B;
        return new VerityException(new VerityFailure.DataBlock(block),
                "verity: data block " + block + " (image bytes " + start + ".." + (start + B - 1) + ") is corrupt: " + why);
    }

    private static long firstMismatch(byte[] computed, byte[] stored, long count) {
        int n = (int) count * D;
        int i = Arrays.mismatch(computed, 0, n, stored, 0, n);
        return i < 0 ? -1 : i / D;
    }

    private static byte[] readLevel(FileChannel image, long hashOffset, VerityGeometry geometry, int level) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(VerityTree.levelArraySize(geometry.levelSize(level)));
        long position = hashOffset + geometry.levelOffset(level);
        while (b.hasRemaining()) {
            if (image.read(b, position + b.position()) < 0) {
                throw new EOFException("end of image while reading verity tree level " + level + " at offset " + position);
            }
        }
        return b.array();
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
