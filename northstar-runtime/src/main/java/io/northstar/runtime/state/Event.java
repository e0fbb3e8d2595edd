package io.northstar.runtime.state;

import io.northstar.common.Container;
import io.northstar.console.Notification;
import io.northstar.console.Request;
import io.northstar.console.Response;
import io.northstar.runtime.cgroups.MemoryEvent;
import io.northstar.runtime.fork.ForkerEvent;
import io.northstar.runtime.repository.Staged;
import io.northstar.runtime.repository.Staging;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Everything the event loop acts on (docs/runtime.md, "Event loop"): console requests, the forker's reports, the
 * results of effects that ran on workers, and the runtime's own start and shutdown steps. Events with a
 * {@code reply} are answered by the machine; the others are reports.
 */
public sealed interface Event {

    /** The runtime shuts down before handling this event: the poster gets no answer. */
    default void abandon() {
    }

    /** Handling it failed with a bug: the poster, if any, gets the failure. */
    default void fail(Throwable failure) {
    }

    /** Why an event got no answer: the runtime is shutting down. */
    final class Abandoned extends RuntimeException {
        public Abandoned() {
            super("the runtime is shutting down");
        }
    }

    /** An event whose poster waits for {@code reply}. */
    sealed interface Asked extends Event {
        CompletableFuture<?> reply();

        @Override
        default void abandon() {
            reply().completeExceptionally(new Abandoned());
        }

        @Override
        default void fail(Throwable failure) {
            reply().completeExceptionally(failure);
        }
    }

    /** A console request from {@code caller}, decided by the switch in {@link ContainerStateMachine#decide}. */
    record Console(Request request, Caller caller, CompletableFuture<Response> reply) implements Asked {
    }

    /** First half of an install: checks the repository and opens the staging area for the bytes. */
    record BeginInstall(String repository, CompletableFuture<Outcome<Staging>> reply) implements Asked {
    }

    /** Second half of an install: the bytes are in and verified; make the container known. */
    record CommitInstall(Staged staged, CompletableFuture<Outcome<Container>> reply) implements Asked {
        @Override
        public void abandon() {
            staged.discard();
            Asked.super.abandon();
        }
    }

    record Subscribe(Subscriber subscriber, CompletableFuture<Void> reply) implements Asked {
    }

    /**
     * A notification of the runtime's own components (an update's steps) for every subscriber, as if the machine
     * had published it; {@code reply} completes once it is queued to them.
     */
    record Publish(Notification notification, CompletableFuture<Void> reply) implements Asked {
    }

    record Unsubscribe(Subscriber subscriber) implements Event {
    }

    /** Runtime start: mount the containers of mount_on_start repositories, all at once. */
    record MountOnStart(CompletableFuture<Outcome<Integer>> reply) implements Asked {
    }

    /** Runtime start (docs/runtime.md, "Autostart"): answered when every autostart container's start ended. */
    record Autostart(CompletableFuture<Outcome<Integer>> reply) implements Asked {
    }

    /**
     * Orderly shutdown: stop every container, umount everything, release devices and memfds; the loop ends after
     * it. Answered once the last container has exited and all is released.
     */
    record Shutdown(CompletableFuture<Void> reply) implements Asked {
    }

    /** One report of the forker, in the order it sent them. */
    record Forker(ForkerEvent event) implements Event {
    }

    /** A memory event of a container's cgroup (its monitor's thread). */
    record MemoryEventOccurred(Container container, MemoryEvent event) implements Event {
    }

    /** The grace period of a shutdown is over: SIGKILL what is still running. */
    record ShutdownGrace() implements Event {
    }

    /** A mount effect ended: the root, or why not. */
    record Mounted(Container container, Optional<Mounter.Mounted> root, Optional<Exception> failure) implements Event {
    }

    /** An umount effect ended: empty on success. */
    record Umounted(Container container, Optional<Exception> failure) implements Event {
    }

    /** The release effect of a container whose init is gone ended. */
    record Released(Container container) implements Event {
    }

    /** The last effect of the shutdown (forker, cgroups, repositories closed) ended. */
    record Closed() implements Event {
    }
}
