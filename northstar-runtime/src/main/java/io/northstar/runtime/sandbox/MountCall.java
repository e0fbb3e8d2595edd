package io.northstar.runtime.sandbox;

import static io.northstar.runtime.sys.Mounts.MS_BIND;
import static io.northstar.runtime.sys.Mounts.MS_REMOUNT;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One mount(2) call as init issues it, before pivot_root. {@code target} is
 * the host-side path below the container root; the forker resolves it inside
 * the root (RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)
 * and mounts onto the descriptor, so a symlink in the image or in a
 * directory mounted earlier cannot redirect the mount. Empty optionals are
 * passed as NULL.
 */
public record MountCall(MountSource source, Path target, Target targetMode, Optional<String> fstype, long flags,
        Optional<String> data) {

    /** What the forker does when the target does not exist. */
    public enum Target {
        /** The start fails (ENOENT). */
        EXISTING,
        /** The call is skipped: masks of paths a kernel may not have. */
        OPTIONAL,
        /** Created, fd-relative: a directory, or an empty file when the source is not a directory. */
        CREATE
    }

    public MountCall {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(targetMode, "targetMode");
        Objects.requireNonNull(fstype, "fstype");
        Objects.requireNonNull(data, "data");
        if (!target.isAbsolute()) {
            throw new IllegalArgumentException("mount target " + target + " is not absolute");
        }
    }

    public static MountCall bind(MountSource source, Path target, long flags) {
        return new MountCall(source, target, Target.EXISTING, Optional.empty(), MS_BIND | flags, Optional.empty());
    }

    public static MountCall bind(Path source, Path target, long flags) {
        return bind(new MountSource.HostPath(source), target, flags);
    }

    /** The MS_BIND|MS_REMOUNT call that makes per-mount flags of a bind mount take effect. */
    public static MountCall remountBind(Path target, long flags) {
        return new MountCall(new MountSource.None(), target, Target.EXISTING, Optional.empty(),
                MS_BIND | MS_REMOUNT | flags, Optional.empty());
    }

    public static MountCall filesystem(String source, Path target, String fstype, long flags, Optional<String> data) {
        return new MountCall(new MountSource.Name(source), target, Target.EXISTING, Optional.of(fstype), flags, data);
    }

    public MountCall withTarget(Target mode) {
        return new MountCall(source, target, mode, fstype, flags, data);
    }
}
