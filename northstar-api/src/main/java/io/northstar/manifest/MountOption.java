package io.northstar.manifest;

import java.util.Optional;

/** Options of bind and resource mounts, written as one comma-separated string. */
public enum MountOption {
    RW("rw"), NOEXEC("noexec"), NOSUID("nosuid"), NODEV("nodev"), REC("rec");

    private final String wireName;

    MountOption(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<MountOption> fromWireName(String name) {
        for (MountOption o : values()) {
            if (o.wireName.equals(name)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
