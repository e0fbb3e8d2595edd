package io.northstar.runtime.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a console {@code start} request that shape the process:
 * an init override (may contain {@code <INIT>}), arguments and environment
 * (each replacing the manifest's when non-empty).
 */
public record StartArguments(Optional<String> init, List<String> arguments, Map<String, String> environment) {
    public static final StartArguments NONE = new StartArguments(Optional.empty(), List.of(), Map.of());

    public StartArguments {
        arguments = List.copyOf(arguments);
        // keep the caller's order: env order is visible to the container
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }
}
