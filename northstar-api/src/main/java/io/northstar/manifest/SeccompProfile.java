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
}
