package io.northstar.runtime.repository;

import java.nio.file.Path;

/**
 * Reads an NPK from a file (a repository file or a memfd under /proc/self/fd) and, for a verified
 * repository, checks its signature and hashes. One per repository: the key is bound in.
 */
@FunctionalInterface
public interface NpkLoader {

    LoadedNpk load(Path file) throws Exception;
}
