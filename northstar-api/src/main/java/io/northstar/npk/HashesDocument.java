package io.northstar.npk;

import java.nio.charset.StandardCharsets;

/**
 * The signed part of {@code signature.yaml} (docs/npk-format.md, "signature.yaml"): the hashes
 * of the meta (zip comment) and of {@code manifest.yaml}, and the verity root
 * hash and data size of {@code fs.img}.
 *
 * @param meta         SHA-256 of the zip comment bytes
 * @param manifest     SHA-256 of the {@code manifest.yaml} entry bytes
 * @param verityHash   dm-verity root hash of {@code fs.img}
 * @param verityOffset size of the squashfs = offset of the verity superblock in {@code fs.img}
 */
public record HashesDocument(Sha256 meta, Sha256 manifest, Sha256 verityHash, long verityOffset) {

    /** The exact text Northstar signs: seven lines, two-space indent, lowercase hex, final newline. */
    public String render() {
        return "meta:\n"
                + "  hash: " + meta.hex() + "\n"
                + "manifest.yaml:\n"
                + "  hash: " + manifest.hex() + "\n"
                + "fs.img:\n"
                + "  verity-hash: " + verityHash.hex() + "\n"
                + "  verity-offset: " + Long.toUnsignedString(verityOffset) + "\n";
    }

    public byte[] toBytes() {
        return render().getBytes(StandardCharsets.UTF_8);
    }
}
