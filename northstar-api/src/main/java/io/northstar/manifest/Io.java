package io.northstar.manifest;

import java.util.Objects;

/** {@code io}: where stdout and stderr go. Absent behaves like discard/discard. */
public record Io(Output stdout, Output stderr) {
    public Io {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    public enum Output {
        /** /dev/null. */
        DISCARD("discard"),
        /** Each line logged by the runtime under the container's name. */
        PIPE("pipe"),
        /** The runtime's own stdout/stderr. */
        INHERIT("inherit");

        private final String wireName;

        Output(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static java.util.Optional<Output> fromWireName(String name) {
            for (Output v : values()) {
                if (v.wireName.equals(name)) {
                    return java.util.Optional.of(v);
                }
            }
            return java.util.Optional.empty();
        }
    }
}
