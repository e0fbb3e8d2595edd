package io.northstar.runtime.state;

import io.northstar.common.Container;
import io.northstar.console.ConsoleError;
import io.northstar.console.ExitStatus;
import io.northstar.console.Notification;
import io.northstar.runtime.fork.Pid;
import java.util.List;
import java.util.Optional;

/**
 * The process life of one container as a pure function of (state, event): each method returns the next state and
 * the effects to run, and touches nothing (docs/runtime.md, "Container states"). The machine applies the step.
 */
final class Transitions {

    static final int SIGKILL = 9;
    static final int SIGTERM = 15;
    static final String SHUTTING_DOWN = "the runtime is shutting down";

    /** The next state of one container and what to do. */
    record Step(ContainerState next, List<Effect> effects) {
        static Step stay(ContainerState state, Effect... effects) {
            return new Step(state, List.of(effects));
        }
    }

    private Transitions() {
    }

    /**
     * A kill request. A running container is signalled; a starting one keeps the signal until the forker reported
     * the pid (a container may ask to be killed the moment it runs, before that report was handled).
     */
    static Step kill(Container container, ContainerState state, int signal) {
        return switch (state) {
            case ContainerState.Running r -> Step.stay(r, new Effect.Signal(container, r.process().pid(), signal));
            case ContainerState.Starting s -> Step.stay(s.withSignal(signal));
            case ContainerState.Installed i -> notStarted(container, state);
            case ContainerState.Mounting m -> notStarted(container, state);
            case ContainerState.Mounted m -> notStarted(container, state);
            case ContainerState.Umounting u -> notStarted(container, state);
            case ContainerState.Stopping s -> notStarted(container, state);
        };
    }

    private static Step notStarted(Container container, ContainerState state) {
        return Step.stay(state, new Effect.Refuse(new ConsoleError.StopContainerNotStarted(container)));
    }

    /**
     * The forker reported the exec. The start is answered, then the signals that waited are delivered; during a
     * shutdown the container is killed at once and the start answered as failed.
     */
    static Step started(Container container, ContainerState state, Pid pid, long nowNanos, boolean shuttingDown) {
        if (!(state instanceof ContainerState.Starting s) || s.launched().isEmpty() || s.root().isEmpty()) {
            return Step.stay(state);
        }
        Launcher.Launched launched = s.launched().get();
        ContainerState.Process process = new ContainerState.Process(container, pid, launched,
                java.util.Set.copyOf(s.start().resources().values()), s.start().critical(), nowNanos);
        ContainerState.Running running = new ContainerState.Running(s.root().get(), process);
        if (shuttingDown) {
            return new Step(running, List.of(new Effect.Signal(container, pid, SIGKILL),
                    new Effect.AnswerStart(s.start(), Optional.of(new ConsoleError.StartContainerFailed(container,
                            SHUTTING_DOWN)))));
        }
        List<Effect> effects = new java.util.ArrayList<>();
        effects.add(new Effect.Debug(container, pid, launched));
        effects.add(new Effect.AnswerStart(s.start(), Optional.empty()));
        effects.add(new Effect.Notify(new Notification.Started(container)));
        for (int signal : s.signals()) {
            effects.add(new Effect.Signal(container, pid, signal));
        }
        return new Step(running, List.copyOf(effects));
    }

    /** The forker could not start it: release what the launcher made, then answer. */
    static Step failed(Container container, ContainerState state, String reason) {
        if (!(state instanceof ContainerState.Starting s) || s.launched().isEmpty() || s.root().isEmpty()) {
            return Step.stay(state);
        }
        Launcher.Launched launched = s.launched().get();
        return new Step(new ContainerState.Stopping(s.root().get(), new ContainerState.StartFailed(s.start(), launched,
                new ConsoleError.StartContainerFailed(container, reason))),
                List.of(new Effect.Release(container, launched)));
    }

    /** Its init was reaped: release, and report once released. */
    static Step exited(Container container, ContainerState state, ExitStatus status) {
        if (!(state instanceof ContainerState.Running r)) {
            return Step.stay(state);
        }
        return new Step(new ContainerState.Stopping(r.root(), new ContainerState.Exited(r.process(), status)),
                List.of(new Effect.Release(container, r.process().launched())));
    }

    /** Everything of the process is released: it is mounted only, the exit or failure is reported. */
    static Step released(Container container, ContainerState state, boolean shuttingDown) {
        if (!(state instanceof ContainerState.Stopping s)) {
            return Step.stay(state);
        }
        ContainerState.Mounted mounted = new ContainerState.Mounted(s.root());
        return switch (s.end()) {
            case ContainerState.Exited e -> {
                boolean fatal = e.process().critical() && !shuttingDown
                        && !(e.status() instanceof ExitStatus.Exit exit && exit.code() == 0);
                Effect notify = new Effect.Notify(new Notification.Exit(container, e.status()));
                yield fatal
                        ? new Step(mounted, List.of(notify, new Effect.Fatal("critical container " + container
                                + " exited with status " + SignalName.describe(e.status()))))
                        : new Step(mounted, List.of(notify));
            }
            case ContainerState.StartFailed f ->
                    new Step(mounted, List.of(new Effect.AnswerStart(f.start(), Optional.of(f.error()))));
        };
    }

    /** The orderly shutdown begins: SIGTERM to what runs (a starting container is killed when it was exec'd). */
    static Step shutdown(Container container, ContainerState state) {
        return state instanceof ContainerState.Running r
                ? Step.stay(r, new Effect.Signal(container, r.process().pid(), SIGTERM))
                : Step.stay(state);
    }

    /** The shutdown's grace period is over: SIGKILL to what still runs. */
    static Step grace(Container container, ContainerState state) {
        return state instanceof ContainerState.Running r
                ? Step.stay(r, new Effect.Signal(container, r.process().pid(), SIGKILL))
                : Step.stay(state);
    }
}
