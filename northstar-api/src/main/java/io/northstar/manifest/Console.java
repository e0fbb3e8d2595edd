package io.northstar.manifest;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code console}: the container gets a console fd with these permissions. An
 * empty set still creates the fd. Order is the document order; it only matters
 * for re-encoding.
 */
public record Console(Set<ConsolePermission> permissions) {
    public Console {
        permissions = Immutables.set(permissions, "console permissions");
    }

    public static Console full() {
        return new Console(EnumSet.allOf(ConsolePermission.class));
    }

    /** All 15 permissions: serialised as the string {@code full}. */
    public boolean isFull() {
        return permissions.size() == ConsolePermission.values().length;
    }

    public boolean permits(ConsolePermission p) {
        return permissions.contains(p);
    }
}
