package io.northstar.npk.verity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.UUID;

/**
 * Appends a verity superblock and hash tree to an image, as Northstar's packer
 * does (and as {@code veritysetup format data data --hash-offset=S} would):
 * {@code [0,S)} data, {@code [S,S+4096)} superblock, then the tree.
 */
public final class VerityFormatter {
    private VerityFormatter() {
    }

    /** What was appended; {@code dataSize} is the signed {@code verity-offset}. */
    public record Result(long dataSize, VerityTree tree, VeritySuperblock superblock) {
        public byte[] rootHash() {
            return tree.rootHash();
        }
    }

    /**
     * Hashes {@code image[0, dataSize)} and writes superblock and tree right
     * after it, truncating anything that followed.
     *
     * @param dataSize positive multiple of 4096, at most the image size
     */
    public static Result format(FileChannel image, long dataSize, byte[] salt, UUID uuid) throws IOException {
        if (dataSize <= 0 || dataSize % VerityGeometry.BLOCK_SIZE != 0) {
            throw new IOException("image size " + dataSize + " is not a positive multiple of " + VerityGeometry.BLOCK_SIZE
                    + " bytes; dm-verity needs whole 4096-byte blocks");
        }
        if (image.size() < dataSize) {
            throw new IOException("image has " + image.size() + " bytes, fewer than the " + dataSize + " to protect");
        }
        VerityTree tree = VerityTree.build(image, 0, dataSize, salt);
        VeritySuperblock superblock = VeritySuperblock.of(uuid, salt, tree.geometry().dataBlocks());
        image.truncate(dataSize);
        ByteBuffer sb = ByteBuffer.wrap(superblock.toBytes());
        long p = dataSize;
        while (sb.hasRemaining()) {
            p += image.write(sb, p);
        }
        tree.writeTo(image, dataSize + VeritySuperblock.SIZE);
        return new Result(dataSize, tree, superblock);
    }
}
