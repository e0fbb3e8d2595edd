package io.northstar.runtime.state;

import io.northstar.runtime.repository.StoredNpk;
import java.nio.file.Path;

/**
 * Mounts the root file system of an NPK (loop device, verity or user-space verification, squashfs)
 * and undoes it. Called from worker threads of the event loop, several at once.
 */
public interface Mounter {

    /** A mounted root: what {@link #umount} needs to undo it. */
    interface Mounted {
        Path target();
    }

    /**
     * Mounts {@code npk} at {@code target} (created if missing). Verified repositories mount
     * through verity; on failure nothing is left behind (no loop device, no dm device, no directory).
     */
    Mounted mount(StoredNpk npk, boolean verified, Path target) throws Exception;

    /** Unmounts and removes the mount point directory. */
    void umount(Mounted mounted) throws Exception;
}
