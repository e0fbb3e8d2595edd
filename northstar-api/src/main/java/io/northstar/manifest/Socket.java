package io.northstar.manifest;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Unix socket the runtime creates for the container. {@code mode}, {@code uid}
 * and {@code gid} are u32 (read unsigned); {@code uid}/{@code gid} 0 is accepted
 * as in Northstar.
 */
public record Socket(SocketType type, long mode, OptionalLong uid, OptionalLong gid, Optional<Boolean> passcred) {
    public Socket {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(gid, "gid");
        Objects.requireNonNull(passcred, "passcred");
    }
}
