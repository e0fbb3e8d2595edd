package io.northstar.runtime.sandbox;

import java.util.Optional;

/**
 * What the container finds at a descriptor number. The launch plan lists
 * them in fd order: the i-th entry is fd i inside the container.
 */
public sealed interface ContainerFd {
    /** The environment variable that tells the container this fd's number. */
    default Optional<String> envName() {
        return Optional.empty();
    }

    record Stdin() implements ContainerFd {
    }

    record Stdout() implements ContainerFd {
    }

    record Stderr() implements ContainerFd {
    }

    /** The container end of the console socket pair. */
    record Console() implements ContainerFd {
        @Override
        public Optional<String> envName() {
            return Optional.of("NORTHSTAR_CONSOLE");
        }
    }

    /** A manifest socket, bound (and listening) by the runtime. */
    record Socket(String name) implements ContainerFd {
        @Override
        public Optional<String> envName() {
            return Optional.of("NORTHSTAR_SOCKET_" + name);
        }
    }
}
