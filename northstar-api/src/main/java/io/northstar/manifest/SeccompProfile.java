package io.northstar.manifest;

import io.northstar.common.WireNamed;

/** {@code seccomp.profile}: the only profile is the Docker-like default allow-list. */
public enum SeccompProfile implements WireNamed {
    DEFAULT;

    public static java.util.Optional<SeccompProfile> fromWireName(String name) {
        return WireNamed.fromWireName(SeccompProfile.class, name);
    }
}
