package io.northstar.runtime.sandbox;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@link MountCall} mounts and how the forker finds it. Paths are
 * opened by the forker (openat2, O_PATH) and mounted through the descriptor,
 * so what is checked is what is mounted.
 */
public sealed interface MountSource {
    /** NULL: remounts, which only change the flags of the target. */
    record None() implements MountSource {
    }

    /** A filesystem's source string, passed as it is ("proc", "tmpfs"). */
    record Name(String name) implements MountSource {
        public Name {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A host path the runtime or the manifest's {@code bind} names: resolved
     * from the host's root; host symlinks are followed (/lib is one on many
     * systems), /proc magic links are not.
     */
    record HostPath(Path path) implements MountSource {
        public HostPath {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * {@code relative} inside {@code root}, a tree the runtime does not
     * trust (a resource image, the persist directory): resolved with
     * RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS, so no
     * component may be a symlink and ".." stops at {@code root}.
     */
    record Beneath(Path root, Path relative) implements MountSource {
        public Beneath {
            if (!root.isAbsolute()) {
                throw new IllegalArgumentException("root " + root + " is not absolute");
            }
            if (relative.isAbsolute()) {
                throw new IllegalArgumentException("path " + relative + " below " + root + " is not relative");
            }
        }
    }

    /**
     * A host device node that must be the character device
     * {@code major:minor}: checked with fstat on the opened descriptor before
     * it is bound (a /dev/null swapped for a symlink or another node must
     * not end up over a masked path).
     */
    record CharDevice(Path path, int major, int minor) implements MountSource {
        public static final CharDevice NULL = new CharDevice(Path.of("/dev/null"), 1, 3);

        public CharDevice {
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("device " + path + " is not absolute");
            }
        }
    }
}
