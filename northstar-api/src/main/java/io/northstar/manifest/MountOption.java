package io.northstar.manifest;

import io.northstar.common.WireNamed;
import java.util.Optional;

/** Options of bind and resource mounts, written as one comma-separated string. */
public enum MountOption implements WireNamed {
    RW, NOEXEC, NOSUID, NODEV, REC;

    public static Optional<MountOption> fromWireName(String name) {
        return WireNamed.fromWireName(MountOption.class, name);
    }
}
