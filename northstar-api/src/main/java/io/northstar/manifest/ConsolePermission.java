package io.northstar.manifest;

import io.northstar.common.WireNamed;
import java.util.Optional;

/** A console request a container may make on its console fd; wire names are snake_case. */
public enum ConsolePermission implements WireNamed {
    IDENT,
    INSPECT,
    INSTALL,
    KILL,
    LIST,
    /** Extension: read a container's output (docs/protocol.md, "Container logs"). */
    LOGS,
    NOTIFICATIONS,
    MOUNT,
    REPOSITORIES,
    SHUTDOWN,
    START,
    START_COMMAND,
    TOKEN_CREATE,
    TOKEN_VERIFICATION,
    UMOUNT,
    UNINSTALL,
    /** Extension: replace an installed container by a newer version, with rollback (docs/protocol.md, "Updating a container"). */
    UPDATE;

    public static Optional<ConsolePermission> fromWireName(String name) {
        return WireNamed.fromWireName(ConsolePermission.class, name);
    }
}
