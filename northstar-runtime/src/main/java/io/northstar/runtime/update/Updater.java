package io.northstar.runtime.update;

import io.northstar.common.Name;
import io.northstar.console.ConsoleError;
import io.northstar.console.UpdateResult;
import io.northstar.runtime.state.LocalConsole;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaces an installed container by a newer version and rolls back when the new one does not come up
 * (docs/runtime.md, "Updating a container"). Every step is a request to the state machine through the
 * {@link LocalConsole}, so an update is decided exactly as the same requests of a client would be; the flow
 * runs on the stages of those requests and never blocks the loop. It belongs to the runtime, not to the
 * connection that asked: a client that goes away mid-update does not stop it from completing or rolling back.
 */
public final class Updater {

    /** Longer than any sensible health check, short enough that a typo does not leave an update hanging for days. */
    public static final Duration MAX_HEALTH_WINDOW = Duration.ofHours(1);

    private final LocalConsole console;
    private final Duration defaultHealthWindow;
    private final Duration stopGrace;
    /** Names with an update in flight: a second update of the same name is refused, not interleaved. */
    private final Set<Name> updating = ConcurrentHashMap.newKeySet();

    /**
     * @param console             the machine's requests, and where the update's steps are published
     * @param defaultHealthWindow {@code update_health_window}: used when a request names none
     * @param stopGrace           how long a container may take to exit after SIGTERM before it gets SIGKILL
     */
    public Updater(LocalConsole console, Duration defaultHealthWindow, Duration stopGrace) {
        this.console = console;
        this.defaultHealthWindow = defaultHealthWindow;
        this.stopGrace = stopGrace;
    }

    /**
     * Updates to {@code npk}; the stage completes when the update has ended (updated, rolled back or refused).
     * {@code npk} is installed or discarded by then.
     */
    public CompletionStage<UpdateResult> update(ReceivedNpk npk, Optional<Duration> healthWindow) {
        Name name = npk.container().name();
        Duration window = healthWindow.orElse(defaultHealthWindow);
        if (window.isNegative() || window.compareTo(MAX_HEALTH_WINDOW) > 0) {
            npk.discard();
            return CompletableFuture.completedFuture(new UpdateResult.Err(new ConsoleError.InvalidArguments(
                    "health window of " + window.toMillis() + " ms is not between 0 and "
                            + MAX_HEALTH_WINDOW.toMillis() + " ms")));
        }
        if (!updating.add(name)) {
            npk.discard();
            return CompletableFuture.completedFuture(new UpdateResult.Err(new ConsoleError.InvalidArguments(
                    "an update of " + name + " is already in progress")));
        }
        UpdateFlow flow = new UpdateFlow(console, npk, window, stopGrace);
        return flow.run().whenComplete((result, failure) -> updating.remove(name));
    }
}
