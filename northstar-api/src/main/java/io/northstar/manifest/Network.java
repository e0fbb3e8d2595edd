package io.northstar.manifest;

import io.northstar.common.NonNulString;
import java.util.Objects;

/** {@code network}: absent means a fresh, empty network namespace. */
public sealed interface Network {
    /** Stay in the runtime's network namespace. */
    record Host() implements Network {
    }

    /** Join {@code /var/run/netns/<name>}. */
    record Namespace(NonNulString name) implements Network {
        public Namespace {
            Objects.requireNonNull(name, "name");
        }
    }
}
