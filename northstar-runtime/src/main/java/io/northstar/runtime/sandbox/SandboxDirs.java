package io.northstar.runtime.sandbox;

import io.northstar.runtime.config.Config;
import java.nio.file.Path;

/** The runtime directories a launch plan refers to (runtime config §1). */
public record SandboxDirs(Path runDir, Path dataDir, Path socketDir) {
    public SandboxDirs {
        for (Path p : new Path[] {runDir, dataDir, socketDir}) {
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException("runtime directory " + p + " is not absolute");
            }
        }
    }

    public static SandboxDirs of(Config config) {
        return new SandboxDirs(config.runDir().toAbsolutePath(), config.dataDir().toAbsolutePath(),
                config.socketDir().toAbsolutePath());
    }

    /** {@code <run_dir>/<name>:<version>}: where a container's root is mounted. */
    public Path root(io.northstar.common.Container container) {
        return runDir.resolve(container.toString());
    }

    /** {@code <data_dir>/<name>}: shared by all versions of a name ({@link PersistDir#path}). */
    public Path persistDir(io.northstar.common.Name name) {
        return PersistDir.path(dataDir, name);
    }
}
