package io.northstar.runtime.logs;

import io.northstar.console.LogLine;
import java.util.List;
import java.util.Optional;

/**
 * The answer to a logs request: the kept lines asked for, oldest first, and, when the follower was
 * registered (it asked to follow and a run is in progress), how to unregister it early.
 */
public record LogRead(List<LogLine> lines, Optional<Runnable> unfollow) {

    public LogRead {
        lines = List.copyOf(lines);
    }

    public boolean following() {
        return unfollow.isPresent();
    }
}
