package io.northstar.runtime.config;

/**
 * How images of verified repositories are mounted where the kernel has no device-mapper
 * (top-level keys, extensions of this runtime; see docs/compatibility.md).
 *
 * @param requireDeviceMapper {@code require_dm_verity}: refuse to mount verified images without
 *                            kernel dm-verity instead of verifying them in user space
 * @param userSpaceMaxSize    {@code user_space_verity_max_size}: without device-mapper an image of
 *                            an fs repository is copied into sealed memory, verified there and
 *                            mounted from there; larger images are refused
 */
public record VerityConfig(boolean requireDeviceMapper, long userSpaceMaxSize) {
    public static final long DEFAULT_USER_SPACE_MAX_SIZE = 256L << 20;

    public VerityConfig {
        if (userSpaceMaxSize < 0) {
            throw new IllegalArgumentException("user_space_verity_max_size must not be negative");
        }
    }

    public static VerityConfig defaults() {
        return new VerityConfig(false, DEFAULT_USER_SPACE_MAX_SIZE);
    }
}
