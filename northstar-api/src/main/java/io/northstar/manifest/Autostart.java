package io.northstar.manifest;

/** {@code autostart}: start with the runtime; critical failures stop the runtime. */
public enum Autostart {
    RELAXED("relaxed"), CRITICAL("critical");

    private final String wireName;

    Autostart(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
