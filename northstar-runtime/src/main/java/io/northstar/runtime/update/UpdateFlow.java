package io.northstar.runtime.update;

import io.northstar.common.Container;
import io.northstar.console.ConsoleError;
import io.northstar.console.ContainerResult;
import io.northstar.console.ExitStatus;
import io.northstar.console.InspectResult;
import io.northstar.console.InstallResult;
import io.northstar.console.Notification;
import io.northstar.console.Request;
import io.northstar.console.Response;
import io.northstar.console.UpdateResult;
import io.northstar.console.UpdateStep;
import io.northstar.runtime.state.LocalConsole;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One update, from the check of what is installed to the last notification. The order of the steps is what
 * guarantees that a version of the name is always installed: the new one is installed before the old one is
 * touched, the old one is uninstalled only after the new one proved healthy, and a rollback uninstalls the new
 * one only after the old one is back.
 */
final class UpdateFlow {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateFlow.class);
    private static final int SIGTERM = 15;
    private static final int SIGKILL = 9;

    private final LocalConsole console;
    private final ReceivedNpk npk;
    private final Container to;
    private final Duration healthWindow;
    private final Duration stopGrace;
    private final ExitWatch exits = new ExitWatch();
    private Container from;
    private boolean fromRan;
    /** The NPK was installed or discarded: from then on it is the state machine's or gone. */
    private boolean npkSettled;

    UpdateFlow(LocalConsole console, ReceivedNpk npk, Duration healthWindow, Duration stopGrace) {
        this.console = console;
        this.npk = npk;
        this.to = npk.container();
        this.healthWindow = healthWindow;
        this.stopGrace = stopGrace;
    }

    CompletionStage<UpdateResult> run() {
        AutoCloseable subscription = console.subscribe(exits::accept);
        return console.request(new Request.List())
                .thenCompose(this::checkAndInstall)
                .whenComplete((result, failure) -> {
                    try {
                        subscription.close();
                    } catch (Exception e) {
                        LOG.warn("Update of {}: unsubscribing: {}", to, e.toString());
                    }
                    if (failure != null) {
                        LOG.error("Update to {} ended without a result: {}", to, failure.toString());
                        if (!npkSettled) {
                            npk.discard();
                        }
                    }
                });
    }

    // ---- before anything changes ------------------------------------------------------------------

    private CompletionStage<UpdateResult> checkAndInstall(Response listed) {
        List<Container> installed = switch (listed) {
            case Response.List list -> list.containers();
            default -> throw unexpected(listed);
        };
        Optional<Container> newest = installed.stream().filter(c -> c.name().equals(to.name()))
                .max(Comparator.naturalOrder());
        if (newest.isEmpty()) {
            return refuse(to.name() + " is not installed: an update replaces an installed version (use install)");
        }
        if (installed.contains(to)) {
            return refuse(to + " is already installed");
        }
        if (to.version().compareTo(newest.get().version()) < 0) {
            return refuse(to + " is not newer than the installed " + newest.get());
        }
        from = newest.get();
        return console.request(new Request.Inspect(from)).thenCompose(inspected -> {
            switch (inspected) {
                case Response.Inspect(InspectResult.Ok ok) -> fromRan = ok.data().process().isPresent();
                case Response.Inspect(InspectResult.Err err) -> {
                    from = null;
                    return refuse("inspecting " + err.container() + " failed: " + err.error().toJson());
                }
                default -> throw unexpected(inspected);
            }
            npkSettled = true;
            return npk.install().thenCompose(this::installed);
        });
    }

    private CompletionStage<UpdateResult> refuse(String why) {
        LOG.warn("Refusing update to {}: {}", to, why);
        npkSettled = true;
        npk.discard();
        return CompletableFuture.completedFuture(new UpdateResult.Err(new ConsoleError.InvalidArguments(why)));
    }

    // ---- forward ----------------------------------------------------------------------------------

    private CompletionStage<UpdateResult> installed(InstallResult result) {
        if (result instanceof InstallResult.Err(ConsoleError error)) {
            LOG.warn("Update from {} to {}: installing failed: {}", from, to, error.toJson());
            return CompletableFuture.completedFuture(new UpdateResult.Err(error));
        }
        step(UpdateStep.INSTALLED, Optional.empty());
        if (!fromRan) {
            return finish();
        }
        return stop(from).thenCompose(failure -> {
            if (failure.isPresent()) {
                // The old one still runs as it did: dropping the new one is all the rollback there is.
                return rollBack(failure.get(), false);
            }
            step(UpdateStep.STOPPED_OLD, Optional.empty());
            return startNew();
        });
    }

    private CompletionStage<UpdateResult> startNew() {
        CompletableFuture<ExitStatus> exit = exits.watch(to);
        return console.request(new Request.Start(to)).thenCompose(started -> {
            Optional<ConsoleError> failure = switch (started) {
                case Response.Start(ContainerResult result) -> result.failure();
                default -> throw unexpected(started);
            };
            if (failure.isPresent()) {
                return rollBack("starting " + to + " failed: " + failure.get().toJson(), true);
            }
            step(UpdateStep.STARTED_NEW, Optional.empty());
            return firstExitWithin(exit, healthWindow).thenCompose(exited -> {
                if (exited.isPresent() && !(exited.get() instanceof ExitStatus.Exit(int code) && code == 0)) {
                    return rollBack(to + " exited with " + exited.get().toJson() + " within the health window of "
                            + healthWindow.toMillis() + " ms", true);
                }
                step(UpdateStep.HEALTHY, Optional.empty());
                return finish();
            });
        });
    }

    /** The old version is no longer needed: uninstall it, keeping the data directory the new one uses. */
    private CompletionStage<UpdateResult> finish() {
        return console.request(new Request.Uninstall(from, false)).thenCompose(uninstalled -> {
            Optional<ConsoleError> failure = switch (uninstalled) {
                case Response.Uninstall(ContainerResult result) -> result.failure();
                default -> throw unexpected(uninstalled);
            };
            // The new version is in place either way; a failed clean-up leaves both installed and says so.
            return step(UpdateStep.COMPLETED, failure.map(e -> "uninstalling " + from + " failed: " + e.toJson()))
                    .thenApply(published -> new UpdateResult.Updated(from, to));
        });
    }

    // ---- back -------------------------------------------------------------------------------------

    /** Stops the new version if it may run, restarts the old one if it ran, then uninstalls the new one. */
    private CompletionStage<UpdateResult> rollBack(String reason, boolean restartFrom) {
        LOG.warn("Update from {} to {}: rolling back: {}", from, to, reason);
        step(UpdateStep.ROLLING_BACK, Optional.of(reason));
        return stop(to)
                .thenCompose(stopFailure -> stopFailure.isPresent()
                        ? CompletableFuture.completedFuture(stopFailure)
                        : restartFrom ? restartFrom() : CompletableFuture.completedFuture(Optional.<String>empty()))
                .thenCompose(problem -> {
                    if (problem.isPresent()) {
                        // The new one still runs or the old one did not come back: the new one stays installed
                        // so that the operator finds a version of the name to start.
                        String why = reason + "; " + problem.get();
                        return step(UpdateStep.ROLLED_BACK, Optional.of(why))
                                .thenApply(published -> new UpdateResult.RolledBack(from, to, why));
                    }
                    return console.request(new Request.Uninstall(to, false)).thenCompose(uninstalled -> {
                        Optional<ConsoleError> failure = switch (uninstalled) {
                            case Response.Uninstall(ContainerResult result) -> result.failure();
                            default -> throw unexpected(uninstalled);
                        };
                        String why = failure.map(e -> reason + "; uninstalling " + to + " failed: " + e.toJson())
                                .orElse(reason);
                        return step(UpdateStep.ROLLED_BACK, Optional.of(why))
                                .thenApply(published -> new UpdateResult.RolledBack(from, to, why));
                    });
                });
    }

    private CompletionStage<Optional<String>> restartFrom() {
        return console.request(new Request.Start(from)).thenApply(started -> switch (started) {
            case Response.Start(ContainerResult result) ->
                    result.failure().map(e -> "restarting " + from + " failed: " + e.toJson());
            default -> throw unexpected(started);
        });
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /**
     * SIGTERM, then SIGKILL after the grace period; empty once {@code container} has exited or was not
     * running, else why it could not be stopped.
     */
    private CompletionStage<Optional<String>> stop(Container container) {
        CompletableFuture<ExitStatus> exit = exits.watch(container);
        return kill(container, SIGTERM).thenCompose(refused -> {
            if (refused.isPresent()) {
                return CompletableFuture.completedFuture(refused.get().equals(notStarted(container))
                        ? Optional.<String>empty()
                        : Optional.of("stopping " + container + " failed: " + refused.get().toJson()));
            }
            return firstExitWithin(exit, stopGrace).thenCompose(exited -> {
                if (exited.isPresent()) {
                    return CompletableFuture.completedFuture(Optional.<String>empty());
                }
                LOG.warn("Update from {} to {}: {} still runs {} ms after SIGTERM; sending SIGKILL", from, to,
                        container, stopGrace.toMillis());
                return kill(container, SIGKILL).thenCompose(ignored -> firstExitWithin(exit, stopGrace))
                        .thenApply(killed -> killed.isPresent() ? Optional.<String>empty()
                                : Optional.of(container + " did not exit after SIGTERM and SIGKILL"));
            });
        });
    }

    private static ConsoleError notStarted(Container container) {
        return new ConsoleError.StopContainerNotStarted(container);
    }

    private CompletionStage<Optional<ConsoleError>> kill(Container container, int signal) {
        return console.request(new Request.Kill(container, signal)).thenApply(killed -> switch (killed) {
            case Response.Kill(ContainerResult result) -> result.failure();
            default -> throw unexpected(killed);
        });
    }

    /** The exit if it comes within {@code window}, else empty when the window is over. */
    private static CompletionStage<Optional<ExitStatus>> firstExitWithin(CompletableFuture<ExitStatus> exit,
            Duration window) {
        CompletableFuture<Optional<ExitStatus>> first = new CompletableFuture<>();
        exit.thenAccept(status -> first.complete(Optional.of(status)));
        CompletableFuture.delayedExecutor(window.toNanos(), TimeUnit.NANOSECONDS)
                .execute(() -> first.complete(Optional.empty()));
        return first;
    }

    private CompletionStage<Void> step(UpdateStep step, Optional<String> reason) {
        LOG.info("Update from {} to {}: {}{}", from, to, step.wireName(), reason.map(r -> " (" + r + ")").orElse(""));
        return console.publish(new Notification.Update(step, from, to, reason));
    }

    private IllegalStateException unexpected(Response response) {
        return new IllegalStateException("update to " + to + ": unexpected response " + response.toJson());
    }
}
