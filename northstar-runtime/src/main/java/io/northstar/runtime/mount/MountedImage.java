package io.northstar.runtime.mount;

import io.northstar.common.Container;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A mounted container image and the kernel objects behind it.
 *
 * @param device      what is mounted: {@code /dev/loopN} or {@code /dev/dm-M}
 * @param loopDevice  the loop device (auto-clears when its last user goes away)
 * @param verityName  the dm-verity device name when mounted through device-mapper
 * @param verifiedBy  how the image was verified
 */
public record MountedImage(Container container, Path target, String device, String loopDevice,
                           Optional<String> verityName, Verification verifiedBy) {

    /** How the image content was checked before/while being mounted. */
    public enum Verification {
        /** Unverified repository. */
        NONE,
        /** dm-verity checks every block when it is read. */
        KERNEL_DM_VERITY,
        /** No device-mapper: the whole hash tree was checked in user space before the mount. */
        USER_SPACE_HASH_TREE,
        /**
         * No device-mapper: the whole hash tree was checked in user space when the image was
         * installed into sealed memory, which nothing can change since.
         */
        USER_SPACE_HASH_TREE_AT_INSTALL
    }
}
