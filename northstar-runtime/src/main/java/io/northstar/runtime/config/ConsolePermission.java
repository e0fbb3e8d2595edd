package io.northstar.runtime.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** A console request permission, spelled in snake_case in the config and in manifests. */
public enum ConsolePermission {
    IDENT, INSPECT, INSTALL, KILL, LIST, NOTIFICATIONS, MOUNT, REPOSITORIES, SHUTDOWN, START, START_COMMAND,
    TOKEN_CREATE, TOKEN_VERIFICATION, UMOUNT, UNINSTALL;

    /** The snake_case name, e.g. {@code start_command}. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<ConsolePermission> fromConfigName(String name) {
        return Arrays.stream(values()).filter(p -> p.configName().equals(name)).findFirst();
    }

    /** {@code "full"}: every permission. */
    public static Set<ConsolePermission> full() {
        return EnumSet.allOf(ConsolePermission.class);
    }
}
