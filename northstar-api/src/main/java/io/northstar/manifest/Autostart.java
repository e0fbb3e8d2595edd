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

    public static java.util.Optional<Autostart> fromWireName(String name) {
        for (Autostart v : values()) {
            if (v.wireName.equals(name)) {
                return java.util.Optional.of(v);
            }
        }
        return java.util.Optional.empty();
    }
}
