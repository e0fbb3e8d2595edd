package io.northstar.runtime.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The few facts about the host a launch plan depends on. Injected so that
 * planning stays a pure function in tests.
 */
public interface HostView {
    boolean exists(Path path);

    /** The gid of group {@code name} in the host's group database. */
    OptionalInt groupId(String name);

    /** The real host: the file system and /etc/group. */
    static HostView system() {
        return new HostView() {
            @Override
            public boolean exists(Path path) {
                return Files.exists(path);
            }

            @Override
            public OptionalInt groupId(String name) {
                return GroupFile.lookup(Path.of("/etc/group"), name);
            }
        };
    }
}
