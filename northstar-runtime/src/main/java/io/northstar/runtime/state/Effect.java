package io.northstar.runtime.state;

import io.northstar.common.Container;
import io.northstar.console.ConsoleError;
import io.northstar.console.Notification;
import io.northstar.runtime.fork.Pid;
import java.util.Optional;

/**
 * What a transition asks the machine to do ({@link Transitions}). Signals go to the forker (its answer comes back as
 * an event); releases run on a worker and come back as {@link Event.Released}; the rest is done on the loop.
 */
sealed interface Effect {

    record Signal(Container container, Pid pid, int signal) implements Effect {
    }

    /** Remove the cgroup, close the console and sockets of a container whose init is gone. */
    record Release(Container container, Launcher.Launched launched) implements Effect {
    }

    /** Run the debug commands of a container that was just exec'd. */
    record Debug(Container container, Pid pid, Launcher.Launched launched) implements Effect {
    }

    /** Answer a start request: empty on success. */
    record AnswerStart(ContainerState.Start start, Optional<ConsoleError> error) implements Effect {
    }

    /** Answer the request being decided with this error. */
    record Refuse(ConsoleError error) implements Effect {
    }

    record Notify(Notification notification) implements Effect {
    }

    /** End the runtime with an error (a critical container exited unsuccessfully). */
    record Fatal(String reason) implements Effect {
    }
}
