package io.northstar.manifest;

import io.northstar.common.WireNamed;

/** {@code autostart}: start with the runtime; critical failures stop the runtime. */
public enum Autostart implements WireNamed {
    RELAXED, CRITICAL;

    public static java.util.Optional<Autostart> fromWireName(String name) {
        return WireNamed.fromWireName(Autostart.class, name);
    }
}
