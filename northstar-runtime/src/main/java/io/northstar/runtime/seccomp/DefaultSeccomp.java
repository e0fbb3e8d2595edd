package io.northstar.runtime.seccomp;

import io.northstar.common.WireNamed;
import java.util.Optional;

/**
 * What a container gets whose manifest has no {@code seccomp} section: the runtime
 * configuration's {@code default_seccomp} (docs/config.md). Northstar installs no filter then;
 * {@link #DEFAULT} is this runtime's opt-in extension.
 */
public enum DefaultSeccomp implements WireNamed {
    /** No filter, as in Northstar. */
    NONE,
    /** The filter of {@code seccomp: {profile: default}}, capability extras included. */
    DEFAULT;

    /** The value as written in the configuration file ({@code none}, {@code default}). */
    public static Optional<DefaultSeccomp> fromKey(String key) {
        return WireNamed.fromWireName(DefaultSeccomp.class, key);
    }
}
