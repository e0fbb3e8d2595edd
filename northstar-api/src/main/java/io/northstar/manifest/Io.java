package io.northstar.manifest;

import io.northstar.common.WireNamed;
import java.util.Objects;

/** {@code io}: where stdout and stderr go. Absent behaves like discard/discard. */
public record Io(Output stdout, Output stderr) {
    public Io {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    public enum Output implements WireNamed {
        /** /dev/null. */
        DISCARD,
        /** Each line logged by the runtime under the container's name. */
        PIPE,
        /** The runtime's own stdout/stderr. */
        INHERIT;

        public static java.util.Optional<Output> fromWireName(String name) {
            return WireNamed.fromWireName(Output.class, name);
        }
    }
}
