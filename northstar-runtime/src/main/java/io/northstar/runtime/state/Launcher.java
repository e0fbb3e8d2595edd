package io.northstar.runtime.state;

import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.console.ConsoleError;
import io.northstar.manifest.Manifest;
import io.northstar.runtime.cgroups.MemoryEvent;
import io.northstar.runtime.fork.Pid;
import io.northstar.runtime.sandbox.StartArguments;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Creates container processes (cgroup, per-start resources, launch plan, forker) and signals
 * them. The state machine decides when; the launcher does the kernel work. {@link #launch} and
 * {@link #kill} are called on the event loop thread and do not wait for the container: the forker
 * answers through its event stream ({@link io.northstar.runtime.fork.ForkerEvent}).
 */
public interface Launcher extends AutoCloseable {

    /** One start in progress or running: what the exit must release. */
    interface Launched {
        /** The {@code statistics} of an inspect response (cgroup controllers of the container). */
        Map<String, Object> statistics();

        /** After the exec: debug commands (docs/runtime.md, "Debug commands"). */
        void started(Pid pid) throws Exception;

        /**
         * Removes the cgroup (waiting for it to drain), the socket files, closes pipes and the container console.
         * Never throws; runs on a worker, never on the loop.
         */
        void release();
    }

    /** A start failed before the forker was asked; nothing of it is left. */
    final class LaunchException extends Exception {
        private final transient ConsoleError error;

        public LaunchException(ConsoleError error, Throwable cause) {
            super(ErrorText.of(error), cause);
            this.error = error;
        }

        public ConsoleError error() {
            return error;
        }
    }

    /**
     * Starts {@code manifest}'s container; the forker reports the exec (or the failure) for this container.
     *
     * @param resources     the resolved container of every resource mount, all mounted
     * @param memoryEvents  receives the cgroup's memory events (on the monitor's thread)
     */
    Launched launch(Manifest manifest, StartArguments start, Map<Name, Container> resources,
            Consumer<MemoryEvent> memoryEvents) throws LaunchException;

    /** Signals the process group of the container whose init is {@code pid}; answered by a kill result event. */
    void kill(Pid pid, int signal);

    /** Stops the forker and removes the runtime's top-level cgroup; all containers have exited. Blocks. */
    @Override
    void close();
}
