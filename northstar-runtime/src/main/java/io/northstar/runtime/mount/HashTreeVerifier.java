package io.northstar.runtime.mount;

import io.northstar.npk.NpkException;
import io.northstar.npk.verity.VerityVerifier;
import io.northstar.runtime.sys.LibCryptoBlockDigest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.HexFormat;

/**
 * Checks a whole dm-verity hash tree in user space: every data block hashes,
 * through the stored tree levels, to the signed root hash. Used instead of
 * dm-verity when the kernel has no device-mapper, before the image is mounted.
 */
@FunctionalInterface
public interface HashTreeVerifier {

    /**
     * The NPK library's verifier (io.northstar.npk.verity.VerityVerifier), hashing with libcrypto
     * (the JDK's SHA-256 where libcrypto is missing) on every core.
     */
    HashTreeVerifier NPK = (image, offset, params) -> {
        if (params.dataBlockSize() != 4096 || params.hashBlockSize() != 4096) {
            throw new NpkException("verity: block sizes " + params.dataBlockSize() + "/" + params.hashBlockSize()
                    + " are not supported, expected 4096/4096");
        }
        // The superblock sits between data and tree: the tree starts one hash block after the data.
        VerityVerifier.verify(image, offset, params.dataSize(), offset + params.dataSize() + params.hashBlockSize(),
                HexFormat.of().parseHex(params.rootHash()), params.salt(), Runtime.getRuntime().availableProcessors(),
                LibCryptoBlockDigest.orJdk());
    };

    /**
     * @param image  the bytes the loop device will be bound to (read directly, not through the loop device)
     * @param offset where fs.img starts in {@code image}
     * @param params root hash, data size, block sizes and salt
     * @throws NpkException when the tree does not match; the message names the failing block
     * @throws IOException  when reading fails or the image is too short
     */
    void verify(FileChannel image, long offset, VerityParams params) throws IOException, NpkException;
}
