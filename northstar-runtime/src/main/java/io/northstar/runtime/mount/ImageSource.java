package io.northstar.runtime.mount;

import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.SyscallException;
import java.nio.file.Path;

/**
 * Where the bytes of an NPK come from: the file of an fs repository, the memfd of a mem repository
 * (through /proc/self/fd), or an open descriptor.
 */
public sealed interface ImageSource {

    /** What {@link #openReadOnly()} opens: a file, or /proc/self/fd/N for a descriptor. */
    Path path();

    /** For messages. */
    default String describe() {
        return path().toString();
    }

    /**
     * A new read-only descriptor of the source for LOOP_SET_FD and the user-space check. A
     * read-only backing file makes the loop device read-only: LOOP_SET_STATUS64 cannot set
     * LO_FLAGS_READ_ONLY on current kernels. Through /proc/self/fd this works for a read-write
     * memfd too.
     */
    default NativeFd openReadOnly() throws SyscallException {
        return NativeFd.open(path().toString(), NativeFd.O_RDONLY, 0, describe());
    }

    /** An NPK file, or a mem repository's memfd by its /proc/self/fd path. */
    record File(Path path) implements ImageSource {
    }

    /** An open descriptor (e.g. a sealed memfd) owned by the caller. */
    record Descriptor(NativeFd fd) implements ImageSource {
        @Override
        public Path path() {
            return Path.of(fd.procPath());
        }

        @Override
        public String describe() {
            return fd.description();
        }
    }

    /**
     * A mem repository's sealed memfd whose whole hash tree was checked against the signed root hash
     * when it was installed (docs/security.md, "Verified once"). The mounter checks the seals again
     * and then mounts without a second pass; if the seals are not there it checks as for any image.
     */
    record CheckedAtInstall(Path path) implements ImageSource {
        @Override
        public String describe() {
            return path + " (hash tree checked at install)";
        }
    }
}
