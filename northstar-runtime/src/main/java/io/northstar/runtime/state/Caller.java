package io.northstar.runtime.state;

import io.northstar.common.Container;
import io.northstar.runtime.logs.LogFollower;
import java.time.Duration;
import java.util.Optional;

/**
 * Who asks (docs/protocol.md, "Tokens"): the container of a container console, empty for the global console and
 * the runtime's own components; tokens it verifies are valid for {@code tokenValidity}. A logs request that
 * follows carries the {@code follower} its connection takes the lines with.
 */
public record Caller(Optional<Container> container, Duration tokenValidity, Optional<LogFollower> follower) {

    public Caller(Optional<Container> container, Duration tokenValidity) {
        this(container, tokenValidity, Optional.empty());
    }

    /** This caller, taking followed output with {@code follower}. */
    public Caller following(LogFollower follower) {
        return new Caller(container, tokenValidity, Optional.of(follower));
    }

    /** The identity of the global console and of the runtime's own components. */
    public static final Container EXTERN = Container.of("extern", "0.0.0");

    /** Token user/target: the container's name, or {@code extern}. */
    String identity() {
        return container.map(c -> c.name().value()).orElse(io.northstar.runtime.token.TokenAuthority.EXTERN);
    }
}
