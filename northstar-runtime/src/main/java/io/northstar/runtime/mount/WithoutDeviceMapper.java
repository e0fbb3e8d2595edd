package io.northstar.runtime.mount;

/**
 * What the mounter does with a verified image where the kernel has no device-mapper. Without
 * dm-verity nothing re-checks the blocks squashfs reads later, so the checked bytes must be the
 * mounted bytes: an image that is not already immutable (the sealed memfd of a mem repository)
 * is copied into a sealed memfd, checked there and mounted from there.
 *
 * @param refuse      refuse to mount verified images at all ({@code require_dm_verity})
 * @param maxCopySize largest fs.img (data, superblock and hash tree) that is copied; larger
 *                    images are refused ({@code user_space_verity_max_size})
 */
public record WithoutDeviceMapper(boolean refuse, long maxCopySize) {
    public static final long DEFAULT_MAX_COPY_SIZE = 256L << 20;

    public WithoutDeviceMapper {
        if (maxCopySize < 0) {
            throw new IllegalArgumentException("negative copy size " + maxCopySize);
        }
    }

    /** Verify in user space, copying images up to 256 MiB. */
    public static WithoutDeviceMapper verifyCopies() {
        return new WithoutDeviceMapper(false, DEFAULT_MAX_COPY_SIZE);
    }
}
