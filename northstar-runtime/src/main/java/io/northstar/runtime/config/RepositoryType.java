package io.northstar.runtime.config;

import java.nio.file.Path;

/** Storage kind of a repository: {@code type = "mem"} or {@code type = { fs = { dir = "..." } }}. */
public sealed interface RepositoryType {

    /** Memfd-backed, empty at every start. */
    record Mem() implements RepositoryType {
    }

    /** A directory of NPK files; it must exist at start (it is not created). */
    record Fs(Path dir) implements RepositoryType {
    }
}
