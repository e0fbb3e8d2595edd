package io.northstar.runtime.state;

import io.northstar.common.Container;
import io.northstar.runtime.cgroups.MemoryEvent;
import io.northstar.runtime.fork.ExitStatus;
import io.northstar.runtime.fork.Pid;
import io.northstar.runtime.logs.LogFollower;
import io.northstar.runtime.logs.LogRead;
import io.northstar.runtime.sandbox.StartArguments;
import io.northstar.runtime.repository.Staged;
import io.northstar.runtime.repository.Staging;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Everything the event loop acts on. Posted by console connections, signal handlers and the
 * daemon; each carries the future its poster waits on and is dispatched to the one method of
 * {@link ContainerStateMachine} that handles it.
 */
public sealed interface Event {

    /** The poster's side: completed by the loop. */
    CompletableFuture<?> reply();

    void dispatch(ContainerStateMachine machine);

    default void fail(Throwable failure) {
        reply().completeExceptionally(failure);
    }

    /** The runtime shuts down before handling this event: the poster gets no answer. */
    default void abandon() {
        reply().completeExceptionally(new Abandoned());
    }

    /** Why an event got no answer: the runtime is shutting down. */
    final class Abandoned extends RuntimeException {
        public Abandoned() {
            super("the runtime is shutting down");
        }
    }

    record ListContainers(CompletableFuture<List<Container>> reply) implements Event {
        public void dispatch(ContainerStateMachine machine) {
            reply.complete(machine.list());
        }
    }

    record ListRepositories(CompletableFuture<List<String>> reply) implements Event {
        public void dispatch(ContainerStateMachine machine) {
            reply.complete(machine.repositories());
        }
    }

    record Inspect(Container container, CompletableFuture<Outcome<ContainerInfo>> reply) implements Event {
        public void dispatch(ContainerStateMachine machine) {
            reply.complete(machine.inspect(container));
        }
    }

    record Mount(List<Container> containers, CompletableFuture<List<Outcome<Container>>> reply) implements Event {
        public void dispatch(ContainerStateMachine machine) {
            reply.complete(machine.mount(containers));
        }
    }

    record Umount(List<Container> containers, CompletableFuture<List<Outcome<Container>>> reply) implements Event {
        public void dispatch(ContainerStateMachine machine) {
            reply.complete(machine.umount(containers));
        }
    }

    record Uninstall(Container container, boolean wipe, CompletableFuture<Outcome<Container>> reply)
            implements Event {
        public void dispatch(ContainerStateMachine machine) {
            reply.complete(machine.uninstall(container, wipe));
        }
    }

    /**
     * Extension: the kept output of {@code container}; with a {@code follower}, registered for the lines
     * after it while the container runs (docs/runtime.md, "Container logs").
     */
    record Logs(Container container, OptionalLong tail, Optional<LogFollower> follower,
            CompletableFuture<Outcome<LogRead>> reply) implements Event {
        public void dispatch(ContainerStateMachine machine) {
            reply.complete(machine.logs(container, tail, follower));
        }
    }

    /** First half of an install: checks the repository and opens the staging area for the bytes. */
    record BeginInstall(String repository, CompletableFuture<Outcome<Staging>> reply) implements Event {
        public void dispatch(ContainerStateMachine machine) {
            reply.complete(machine.beginInstall(repository));
        }
    }

    /** Second half of an install: the bytes are in and verified; make the container known. */
    record CommitInstall(Staged staged, CompletableFuture<Outcome<Container>> reply) implements Event {
        public void dispatch(ContainerStateMachine machine) {
            reply.complete(machine.commitInstall(staged));
        }

        @Override
        public void abandon() {
            staged.discard();
            Event.super.abandon();
        }
    }

    /** Answered when the forker reported the exec (or the failure), not when the loop handled it. */
    record Start(Container container, StartArguments arguments, CompletableFuture<Outcome<Container>> reply)
            implements Event {
        public void dispatch(ContainerStateMachine machine) {
            machine.start(container, arguments, reply);
        }
    }

    /** The forker answered a start: {@code pid} or {@code failure}. Posted by the state machine itself. */
    record StartCompleted(ProcessContext context, Pid pid, Throwable failure, CompletableFuture<Void> reply)
            implements Event {
        StartCompleted(ProcessContext context, Pid pid, Throwable failure) {
            this(context, pid, failure, new CompletableFuture<>());
        }

        public void dispatch(ContainerStateMachine machine) {
            machine.startCompleted(context, pid, failure);
            reply.complete(null);
        }
    }

    /** A container's init was reaped (ForkerListener, on the forker's thread). */
    record Exited(Pid pid, ExitStatus status, CompletableFuture<Void> reply) implements Event {
        public Exited(Pid pid, ExitStatus status) {
            this(pid, status, new CompletableFuture<>());
        }

        public void dispatch(ContainerStateMachine machine) {
            machine.exited(pid, status);
            reply.complete(null);
        }
    }

    /** The forker died: every container it ran is gone with it. */
    record ForkerGone(String reason, CompletableFuture<Void> reply) implements Event {
        public ForkerGone(String reason) {
            this(reason, new CompletableFuture<>());
        }

        public void dispatch(ContainerStateMachine machine) {
            machine.forkerGone(reason);
            reply.complete(null);
        }
    }

    /** A memory event of a container's cgroup (its monitor's thread). */
    record MemoryEventOccurred(Container container, MemoryEvent event, CompletableFuture<Void> reply)
            implements Event {
        MemoryEventOccurred(Container container, MemoryEvent event) {
            this(container, event, new CompletableFuture<>());
        }

        public void dispatch(ContainerStateMachine machine) {
            machine.memoryEvent(container, event);
            reply.complete(null);
        }
    }

    /** Runtime start (docs/runtime.md, "Autostart"): answered when every autostart container's start ended. */
    record Autostart(CompletableFuture<Outcome<Integer>> reply) implements Event {
        public void dispatch(ContainerStateMachine machine) {
            machine.autostart(reply);
        }
    }

    /** The grace period of a shutdown is over: SIGKILL what is still running. */
    record ShutdownGrace(CompletableFuture<Void> reply) implements Event {
        ShutdownGrace() {
            this(new CompletableFuture<>());
        }

        public void dispatch(ContainerStateMachine machine) {
            machine.shutdownGrace();
            reply.complete(null);
        }
    }

    record Kill(Container container, int signal, CompletableFuture<Outcome<Container>> reply) implements Event {
        public void dispatch(ContainerStateMachine machine) {
            reply.complete(machine.kill(container, signal));
        }
    }

    record Subscribe(Notification.Subscriber subscriber, CompletableFuture<Void> reply) implements Event {
        public void dispatch(ContainerStateMachine machine) {
            machine.subscribe(subscriber);
            reply.complete(null);
        }
    }

    record Unsubscribe(Notification.Subscriber subscriber, CompletableFuture<Void> reply) implements Event {
        public void dispatch(ContainerStateMachine machine) {
            machine.unsubscribe(subscriber);
            reply.complete(null);
        }
    }

    /** Runtime start: mount the containers of mount_on_start repositories. */
    record MountOnStart(CompletableFuture<Outcome<Integer>> reply) implements Event {
        public void dispatch(ContainerStateMachine machine) {
            reply.complete(machine.mountOnStart());
        }
    }

    /**
     * Orderly shutdown: stop every container, umount everything, release devices and memfds; the
     * loop ends after it. Answered once the last container has exited and all is released.
     */
    record Shutdown(CompletableFuture<Void> reply) implements Event {
        public void dispatch(ContainerStateMachine machine) {
            machine.shutdown(reply);
        }
    }
}
