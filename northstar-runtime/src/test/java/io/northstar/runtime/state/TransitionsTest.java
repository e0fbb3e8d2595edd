package io.northstar.runtime.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.northstar.common.Container;
import io.northstar.console.ConsoleError;
import io.northstar.console.ExitStatus;
import io.northstar.console.Notification;
import io.northstar.runtime.fork.Pid;
import io.northstar.runtime.sandbox.StartArguments;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The process life of one container as a pure function: state and event in, next state and effects out. */
class TransitionsTest {

    private static final Container C = Container.parse("c:1.0.0");
    private static final Mounter.Mounted ROOT = () -> Path.of("/run/c:1.0.0");
    private static final Launcher.Launched LAUNCHED = new Launcher.Launched() {
        public Map<String, Object> statistics() {
            return Map.of();
        }

        public void started(Pid pid) {
        }

        public void release() {
        }
    };

    private static ContainerState.Start start(boolean critical) {
        return new ContainerState.Start(C, StartArguments.NONE, Map.of(), critical, 0, error -> { });
    }

    private static ContainerState.Starting starting(boolean critical) {
        return new ContainerState.Starting(Optional.of(ROOT), start(critical), 0, Optional.empty(),
                Optional.of(LAUNCHED), List.of());
    }

    @Test
    void aKillWhileStartingWaitsForThePid() {
        Transitions.Step kill = Transitions.kill(C, starting(false), 9);
        assertEquals(List.of(), kill.effects());
        Transitions.Step started = Transitions.started(C, kill.next(), new Pid(42), 0, false);
        ContainerState.Running running = assertInstanceOf(ContainerState.Running.class, started.next());
        assertEquals(new Pid(42), running.process().pid());
        assertEquals(List.of(new Effect.Debug(C, new Pid(42), LAUNCHED),
                new Effect.AnswerStart(((ContainerState.Starting) kill.next()).start(), Optional.empty()),
                new Effect.Notify(new Notification.Started(C)), new Effect.Signal(C, new Pid(42), 9)),
                started.effects());
    }

    @Test
    void aKillOfWhatDoesNotRunIsRefused() {
        for (ContainerState state : List.<ContainerState>of(new ContainerState.Installed(),
                new ContainerState.Mounted(ROOT))) {
            assertEquals(List.of(new Effect.Refuse(new ConsoleError.StopContainerNotStarted(C))),
                    Transitions.kill(C, state, 15).effects());
        }
    }

    @Test
    void anExitReleasesFirstAndIsReportedAfter() {
        ContainerState running = Transitions.started(C, starting(true), new Pid(7), 0, false).next();
        Transitions.Step exited = Transitions.exited(C, running, new ExitStatus.Exit(1));
        assertInstanceOf(ContainerState.Stopping.class, exited.next());
        assertEquals(List.of(new Effect.Release(C, LAUNCHED)), exited.effects());
        assertEquals(List.of(), Transitions.kill(C, exited.next(), 9).effects().stream()
                .filter(e -> e instanceof Effect.Signal).toList(), "nothing to signal while it is released");
        Transitions.Step released = Transitions.released(C, exited.next(), false);
        assertEquals(new ContainerState.Mounted(ROOT), released.next());
        assertEquals(List.of(new Effect.Notify(new Notification.Exit(C, new ExitStatus.Exit(1))),
                new Effect.Fatal("critical container c:1.0.0 exited with status Exit(1)")), released.effects());
        assertEquals(1, Transitions.released(C, Transitions.exited(C, running, new ExitStatus.Exit(1)).next(), true)
                .effects().size(), "no failure during the shutdown");
    }

    @Test
    void aStartedReportDuringTheShutdownKills() {
        Transitions.Step step = Transitions.started(C, starting(false), new Pid(9), 0, true);
        assertEquals(new Effect.Signal(C, new Pid(9), 9), step.effects().get(0));
        assertEquals(Optional.of(new ConsoleError.StartContainerFailed(C, "the runtime is shutting down")),
                ((Effect.AnswerStart) step.effects().get(1)).error());
    }
}
