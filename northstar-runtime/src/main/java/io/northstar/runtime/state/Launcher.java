package io.northstar.runtime.state;

import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.manifest.Manifest;
import io.northstar.runtime.cgroups.MemoryEvent;
import io.northstar.runtime.fork.Pid;
import io.northstar.runtime.sandbox.StartArguments;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Creates container processes (cgroup, per-start resources, launch plan, forker) and signals
 * them. The state machine decides when; the launcher does the kernel work. Called only on the
 * event loop thread; nothing here blocks on the container: the forker's answers arrive as
 * futures that the state machine turns into events.
 */
public interface Launcher extends AutoCloseable {

    /** One start in progress or running: what the exit must release. */
    interface Launched {
        /** Completes (on the forker's thread) with init's host pid once the application was exec'd. */
        CompletableFuture<Pid> pid();

        /** The {@code statistics} of an inspect response (cgroup controllers of the container). */
        Map<String, Object> statistics();

        /** After the exec: debug commands (docs/runtime.md, "Debug commands"). */
        void started(Pid pid) throws Exception;

        /** Removes the cgroup, the socket files, closes pipes and the container console. Never throws. */
        void release();
    }

    /** A start failed before the forker was asked; nothing of it is left. */
    final class LaunchException extends Exception {
        private final transient RuntimeError error;

        public LaunchException(RuntimeError error, Throwable cause) {
            super(error.message(), cause);
            this.error = error;
        }

        public RuntimeError error() {
            return error;
        }
    }

    /**
     * Starts {@code manifest}'s container.
     *
     * @param resources     the resolved container of every resource mount, all mounted
     * @param memoryEvents  receives the cgroup's memory events (on the monitor's thread)
     */
    Launched launch(Manifest manifest, StartArguments start, Map<Name, Container> resources,
            Consumer<MemoryEvent> memoryEvents) throws LaunchException;

    /** Signals the process group of the container whose init is {@code pid}. */
    CompletableFuture<Void> kill(Pid pid, int signal);

    /** Stops the forker and removes the runtime's top-level cgroup; all containers have exited. */
    @Override
    void close();
}
