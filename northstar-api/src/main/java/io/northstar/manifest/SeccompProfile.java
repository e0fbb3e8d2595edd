package io.northstar.manifest;

/** {@code seccomp.profile}: the only profile is the Docker-like default allow-list. */
public enum SeccompProfile {
    DEFAULT("default");

    private final String wireName;

    SeccompProfile(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static java.util.Optional<SeccompProfile> fromWireName(String name) {
        for (SeccompProfile v : values()) {
            if (v.wireName.equals(name)) {
                return java.util.Optional.of(v);
            }
        }
        return java.util.Optional.empty();
    }
}
