package io.northstar.runtime.sandbox;

import io.northstar.common.Container;
import java.util.Optional;

/**
 * A launch plan cannot be built. {@link #missingResource()} is set when a
 * resource directory does not exist in the mounted resource (API error
 * start_container_missing_resource); everything else is an invalid start.
 */
public final class LaunchPlanException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The resource (resolved id) whose directory is missing. */
    public record MissingResource(Container resource, String dir) {
    }

    private final transient Optional<MissingResource> missingResource;

    public LaunchPlanException(String message) {
        super(message);
        this.missingResource = Optional.empty();
    }

    public LaunchPlanException(String message, MissingResource missing) {
        super(message);
        this.missingResource = Optional.of(missing);
    }

    public Optional<MissingResource> missingResource() {
        return missingResource;
    }
}
