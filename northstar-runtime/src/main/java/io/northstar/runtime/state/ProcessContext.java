package io.northstar.runtime.state;

import io.northstar.common.Container;
import io.northstar.runtime.fork.Pid;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The process context of a started container (docs/runtime.md, "Container states"): from the start request
 * until the exit has been handled. Only the event loop thread touches it.
 */
final class ProcessContext {

    final Container container;
    final Launcher.Launched launched;
    /** The resource containers the start resolved and mounted (they are in use while this runs). */
    final Set<Container> resources;
    /** The manifest says {@code autostart: critical}. */
    final boolean critical;
    /** Init's host pid; null while the forker has not answered yet. */
    Pid pid;
    /** When the start request was handled; {@link #startNanos} is when the forker reported the exec. */
    final long createdNanos = System.nanoTime();
    long startNanos;
    /** The start request's reply, until the forker answered. */
    CompletableFuture<Outcome<Container>> reply;

    ProcessContext(Container container, Launcher.Launched launched, Set<Container> resources, boolean critical,
            CompletableFuture<Outcome<Container>> reply) {
        this.container = container;
        this.launched = launched;
        this.resources = Set.copyOf(resources);
        this.critical = critical;
        this.reply = reply;
        this.startNanos = System.nanoTime();
    }

    boolean running() {
        return pid != null;
    }
}
