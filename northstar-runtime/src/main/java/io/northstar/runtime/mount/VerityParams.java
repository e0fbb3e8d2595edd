package io.northstar.runtime.mount;

import io.northstar.npk.NpkVerity;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What dm-verity needs to check an image (docs/npk-format.md, "dm-verity"): the signed
 * root hash and data size (verity-offset) from signature.yaml, the block sizes
 * and salt from the verity superblock. The hash tree starts one hash block
 * after the data: the superblock sits in between.
 *
 * @param rootHash      hex root hash from signature.yaml ({@code verity-hash}), passed to the kernel unchanged
 * @param dataSize      {@code verity-offset}: bytes of squashfs data covered by the tree
 * @param dataBlockSize data block size from the superblock (4096)
 * @param hashBlockSize hash block size from the superblock (4096)
 * @param saltHex       lowercase hex of the salt ({@code salt_size} bytes of the superblock salt)
 */
public record VerityParams(String rootHash, long dataSize, int dataBlockSize, int hashBlockSize, String saltHex) {
    public static final String ALGORITHM = "sha256";

    public VerityParams {
        Objects.requireNonNull(rootHash, "rootHash");
        Objects.requireNonNull(saltHex, "saltHex");
        if (dataBlockSize <= 0 || hashBlockSize <= 0 || Integer.bitCount(dataBlockSize) != 1
                || Integer.bitCount(hashBlockSize) != 1) {
            throw new IllegalArgumentException("verity block sizes must be powers of two: " + dataBlockSize + "/"
                    + hashBlockSize);
        }
        if (dataSize <= 0 || dataSize % dataBlockSize != 0) {
            throw new IllegalArgumentException("verity data size " + dataSize + " is not a positive multiple of "
                    + dataBlockSize);
        }
        if (!rootHash.matches("[0-9a-fA-F]+") || rootHash.length() % 2 != 0) {
            throw new IllegalArgumentException("verity root hash is not hex: \"" + rootHash + "\"");
        }
        if (!saltHex.isEmpty() && !saltHex.matches("[0-9a-f]+") || saltHex.length() % 2 != 0) {
            throw new IllegalArgumentException("verity salt is not lowercase hex: \"" + saltHex + "\"");
        }
    }

    public static VerityParams of(String rootHash, long dataSize, int dataBlockSize, int hashBlockSize, byte[] salt) {
        return new VerityParams(rootHash, dataSize, dataBlockSize, hashBlockSize, HexFormat.of().formatHex(salt));
    }

    /** From the verified verity data of an NPK loaded from a repository with a key. */
    public static VerityParams of(NpkVerity verity) {
        return of(verity.rootHash().hex(), verity.dataSize(), verity.superblock().dataBlockSize(),
                verity.superblock().hashBlockSize(), verity.superblock().salt());
    }

    public byte[] salt() {
        return HexFormat.of().parseHex(saltHex);
    }

    /** Number of data blocks: {@code verity-offset / data_block_size}. */
    public long dataBlocks() {
        return dataSize / dataBlockSize;
    }

    /** First hash block (in hash block units): the block after the superblock. */
    public long hashStartBlock() {
        return dataBlocks() + 1;
    }

    /** Length of the dm target in 512-byte sectors. */
    public long sectors() {
        return dataSize / 512;
    }

    /** The verity target parameters for {@code device} (data and hash on the same device). */
    public String table(String device) {
        return "1 " + device + " " + device + " " + dataBlockSize + " " + hashBlockSize + " " + dataBlocks() + " "
                + hashStartBlock() + " " + ALGORITHM + " " + rootHash + " " + (saltHex.isEmpty() ? "-" : saltHex);
    }
}
