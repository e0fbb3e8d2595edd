package io.northstar.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A runtime root with one fs repository's directory, {@code repo}, and a {@code work} directory to pack NPKs in. */
record FsRoot(Path root, Path repo, Path work) {

    /** Skips unless the runtime can run and NPKs can be packed here (see {@link Host#runtimeRoot}). */
    static FsRoot create(String name) throws IOException {
        Path root = Host.runtimeRoot(name);
        return new FsRoot(root, Files.createDirectories(root.resolve("repo")),
                Files.createDirectories(root.resolve("work")));
    }

    /** A config with this repository as {@code id}. */
    TestConfig config(String id) {
        return new TestConfig(root).repository(TestConfig.Repo.fs(id, repo));
    }
}
