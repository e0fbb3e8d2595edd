package io.northstar.runtime.mount;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Checks a whole dm-verity hash tree in user space: every data block hashes,
 * through the stored tree levels, to the signed root hash. Used instead of
 * dm-verity when the kernel has no device-mapper, before the image is mounted.
 */
@FunctionalInterface
public interface HashTreeVerifier {

    /**
     * @param image  the fs.img bytes from position 0 (the loop device the image will be mounted from)
     * @param params root hash, data size, block sizes and salt
     * @throws IOException when reading fails or the tree does not match; the message says which
     */
    void verify(FileChannel image, VerityParams params) throws IOException;
}
