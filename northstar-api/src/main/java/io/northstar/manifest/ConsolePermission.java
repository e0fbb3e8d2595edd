package io.northstar.manifest;

import java.util.Optional;

/** A console request a container may make on its console fd; wire names are snake_case. */
public enum ConsolePermission {
    IDENT("ident"),
    INSPECT("inspect"),
    INSTALL("install"),
    KILL("kill"),
    LIST("list"),
    /** Extension: read a container's output (docs/protocol.md, "Container logs"). */
    LOGS("logs"),
    NOTIFICATIONS("notifications"),
    MOUNT("mount"),
    REPOSITORIES("repositories"),
    SHUTDOWN("shutdown"),
    START("start"),
    START_COMMAND("start_command"),
    TOKEN_CREATE("token_create"),
    TOKEN_VERIFICATION("token_verification"),
    UMOUNT("umount"),
    UNINSTALL("uninstall");

    private final String wireName;

    ConsolePermission(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ConsolePermission> fromWireName(String name) {
        for (ConsolePermission p : values()) {
            if (p.wireName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
