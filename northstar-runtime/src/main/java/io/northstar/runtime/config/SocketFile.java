package io.northstar.runtime.config;

import java.util.OptionalInt;

/**
 * Mode and owner of the console's Unix socket file ({@code mode}, {@code uid}, {@code gid} of
 * {@code [console.global]}, an extension). Connecting to a Unix socket needs write permission on
 * the file, so the mode decides who may talk to the runtime at all.
 *
 * @param mode permission bits (at most 0o777)
 * @param uid  owner; empty = the runtime's user (root)
 * @param gid  group; empty = the runtime's group
 */
public record SocketFile(int mode, OptionalInt uid, OptionalInt gid) {
    public static final int DEFAULT_MODE = 0600;
    public static final SocketFile DEFAULT = new SocketFile(DEFAULT_MODE, OptionalInt.empty(), OptionalInt.empty());

    public SocketFile {
        if ((mode & ~0777) != 0) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " has bits beyond 0777");
        }
    }
}
