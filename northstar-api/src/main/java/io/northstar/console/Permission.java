package io.northstar.console;

import java.util.Optional;

/** One of the 15 console permissions; {@link #wireName()} is the snake_case configuration name. */
public enum Permission {
    IDENT, INSPECT, INSTALL, KILL, LIST, NOTIFICATIONS, MOUNT, REPOSITORIES, SHUTDOWN, START, START_COMMAND,
    TOKEN_CREATE, TOKEN_VERIFICATION, UMOUNT, UNINSTALL;

    public String wireName() {
        return name().toLowerCase();
    }

    public static Optional<Permission> byWireName(String name) {
        for (Permission p : values()) {
            if (p.wireName().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
