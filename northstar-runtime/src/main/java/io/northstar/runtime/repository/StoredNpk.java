package io.northstar.runtime.repository;

import io.northstar.common.Container;
import java.nio.file.Path;

/**
 * An NPK held by a repository: where its bytes are (the file, or the memfd through
 * /proc/self/fd), what was read from it, its recorded size for the capacity accounting, and
 * whether the whole hash tree of its image was checked at install ({@link SealedImageCheck}: only
 * for bytes sealed in memory, which cannot change since).
 */
public record StoredNpk(LoadedNpk npk, Path file, long size, Backing backing, boolean checkedAtInstall) {

    /** Not checked at install: the mount checks. */
    public StoredNpk(LoadedNpk npk, Path file, long size, Backing backing) {
        this(npk, file, size, backing, false);
    }

    public Container container() {
        return npk.container();
    }

    /** Keeps the bytes alive while the NPK is in the repository (the memfd); nothing for files. */
    public interface Backing extends AutoCloseable {
        Backing NONE = () -> { };

        @Override
        void close();
    }
}
