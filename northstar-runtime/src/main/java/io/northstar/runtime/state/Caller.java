package io.northstar.runtime.state;

import io.northstar.common.Container;
import java.time.Duration;
import java.util.Optional;

/**
 * Who asks (docs/protocol.md, "Tokens"): the container of a container console, empty for the global console and
 * the runtime's own components; tokens it verifies are valid for {@code tokenValidity}.
 */
public record Caller(Optional<Container> container, Duration tokenValidity) {

    /** The identity of the global console and of the runtime's own components. */
    public static final Container EXTERN = Container.of("extern", "0.0.0");

    /** Token user/target: the container's name, or {@code extern}. */
    String identity() {
        return container.map(c -> c.name().value()).orElse(io.northstar.runtime.token.TokenAuthority.EXTERN);
    }
}
