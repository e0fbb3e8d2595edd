package io.northstar.runtime.sandbox;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One mount(2) call as init issues it, before pivot_root: {@code target} is
 * the host-side path below the container root. Empty optionals are passed
 * as NULL.
 */
public record MountCall(Optional<String> source, Path target, Optional<String> fstype, long flags,
        Optional<String> data) {
    public static final long MS_RDONLY = 0x1;
    public static final long MS_NOSUID = 0x2;
    public static final long MS_NODEV = 0x4;
    public static final long MS_NOEXEC = 0x8;
    public static final long MS_REMOUNT = 0x20;
    public static final long MS_BIND = 0x1000;
    public static final long MS_REC = 0x4000;

    public MountCall {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(fstype, "fstype");
        Objects.requireNonNull(data, "data");
        if (!target.isAbsolute()) {
            throw new IllegalArgumentException("mount target " + target + " is not absolute");
        }
    }

    public static MountCall bind(Path source, Path target, long flags) {
        return new MountCall(Optional.of(source.toString()), target, Optional.empty(), MS_BIND | flags,
                Optional.empty());
    }

    /** The MS_BIND|MS_REMOUNT call that makes per-mount flags of a bind mount take effect. */
    public static MountCall remountBind(Path source, Path target, long flags) {
        return new MountCall(Optional.of(source.toString()), target, Optional.empty(),
                MS_BIND | MS_REMOUNT | flags, Optional.empty());
    }

    public static MountCall filesystem(String source, Path target, String fstype, long flags, Optional<String> data) {
        return new MountCall(Optional.of(source), target, Optional.of(fstype), flags, data);
    }
}
