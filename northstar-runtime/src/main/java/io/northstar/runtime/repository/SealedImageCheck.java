package io.northstar.runtime.repository;

import java.nio.file.Path;

/**
 * The check of an image sealed in memory at install, where it replaces the check at mount
 * (docs/security.md, "Verified once"): a mem repository's memfd is sealed before it is read, so
 * what is checked then is what any later mount reads.
 */
@FunctionalInterface
public interface SealedImageCheck {

    /** Nothing at install: the mount checks (kernel dm-verity, or the whole tree in user space). */
    SealedImageCheck NONE = (npk, image) -> false;

    /**
     * @param npk   the NPK read from {@code image} (its verity data, signed root hash)
     * @param image the sealed memfd, by its /proc/self/fd path
     * @return whether the whole hash tree was checked (false: nothing done, the mount checks)
     * @throws Exception when the image does not match its signed root hash, or reading fails
     */
    boolean check(LoadedNpk npk, Path image) throws Exception;
}
