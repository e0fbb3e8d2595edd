package io.northstar.npk;

import io.northstar.npk.verity.VeritySuperblock;

/**
 * The dm-verity parameters of a verified NPK, with file offsets resolved:
 * what a dm-verity table or the user-space verifier needs.
 *
 * @param rootHash          signed root hash ({@code fs.img.verity-hash})
 * @param dataSize          signed {@code verity-offset}: size of the squashfs, multiple of 4096
 * @param superblock        the superblock found at {@code superblockOffset}
 * @param dataOffset        file offset of the squashfs (= fs.img data offset)
 * @param superblockOffset  file offset of the superblock
 * @param hashOffset        file offset of the hash tree (superblock + 4096)
 */
public record NpkVerity(Sha256 rootHash, long dataSize, VeritySuperblock superblock, long dataOffset,
                        long superblockOffset, long hashOffset) {

    /** Number of data blocks, = the dm-verity {@code num_data_blocks}. */
    public long dataBlocks() {
        return dataSize / superblock.dataBlockSize();
    }

    /** dm-verity {@code hash_start_block} relative to the start of fs.img (in hash blocks). */
    public long hashStartBlock() {
        return dataBlocks() + 1;
    }

    /**
     * The dm-verity table line Northstar loads for this image (docs/npk-format.md, "dm-verity"), with {@code device}
     * (the loop device mapping fs.img) as data and hash device:
     * {@code 1 <dev> <dev> <dbs> <hbs> <N> <N+1> sha256 <root> <salt>}. The target covers {@code dataSize / 512}
     * sectors.
     */
    public String dmVerityTable(String device) {
        return "1 " + device + " " + device + " " + superblock.dataBlockSize() + " " + superblock.hashBlockSize() + " "
                + dataBlocks() + " " + hashStartBlock() + " sha256 " + rootHash.hex() + " "
                + java.util.HexFormat.of().formatHex(superblock.salt());
    }
}
