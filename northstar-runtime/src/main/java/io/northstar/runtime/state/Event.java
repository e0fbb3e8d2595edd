package io.northstar.runtime.state;

import io.northstar.common.Container;
import io.northstar.runtime.repository.Staged;
import io.northstar.runtime.repository.Staging;
import java.util.List;
import java.util.Map;
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

    record Start(Container container, boolean withInit, Map<String, String> environment,
            CompletableFuture<Outcome<Container>> reply) implements Event {
        public void dispatch(ContainerStateMachine machine) {
            reply.complete(machine.start(container, withInit, environment));
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

    /** Orderly shutdown: umount everything, release devices and memfds; the loop ends after it. */
    record Shutdown(CompletableFuture<Void> reply) implements Event {
        public void dispatch(ContainerStateMachine machine) {
            machine.shutdown();
            reply.complete(null);
        }
    }
}
