package io.northstar.runtime.seccomp;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a container gets whose manifest has no {@code seccomp} section: the runtime
 * configuration's {@code default_seccomp} (docs/config.md). Northstar installs no filter then;
 * {@link #DEFAULT} is this runtime's opt-in extension.
 */
public enum DefaultSeccomp {
    /** No filter, as in Northstar. */
    NONE("none"),
    /** The filter of {@code seccomp: {profile: default}}, capability extras included. */
    DEFAULT("default");

    private final String key;

    DefaultSeccomp(String key) {
        this.key = key;
    }

    /** The value as written in the configuration file. */
    public String key() {
        return key;
    }

    public static Optional<DefaultSeccomp> fromKey(String key) {
        return Arrays.stream(values()).filter(v -> v.key.equals(key)).findFirst();
    }
}
