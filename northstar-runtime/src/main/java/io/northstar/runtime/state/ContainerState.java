package io.northstar.runtime.state;

import io.northstar.common.Container;
import io.northstar.console.ConsoleError;
import io.northstar.console.ExitStatus;
import io.northstar.runtime.fork.Pid;
import io.northstar.runtime.sandbox.StartArguments;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where one installed container is in its life (docs/runtime.md, "Container states"). The machine keeps exactly
 * one per container; what may happen next is decided by a {@code switch} over it.
 */
public sealed interface ContainerState {

    /** Somebody waiting for a mount or umount: empty on success. */
    interface Waiter extends Consumer<Optional<ConsoleError>> {
    }

    /** In a repository, not mounted. */
    record Installed() implements ContainerState {
    }

    /** Its root is being mounted (an effect on a worker); {@code waiters} get the result. */
    record Mounting(List<Waiter> waiters) implements ContainerState {
    }

    record Mounted(Mounter.Mounted root) implements ContainerState {
    }

    /** Its root is being unmounted; {@code waiters} get the result. */
    record Umounting(Mounter.Mounted root, List<Waiter> waiters) implements ContainerState {
    }

    /**
     * A start request was accepted and the application has not been exec'd yet: first its own root and its
     * resources are mounted ({@code pendingMounts} of them outstanding, the first failure kept), then the launcher
     * is asked ({@code launched}) and the forker's answer awaited. Signals asked for meanwhile wait in
     * {@code signals} and are delivered once the pid is known.
     */
    record Starting(Optional<Mounter.Mounted> root, Start start, int pendingMounts, Optional<ConsoleError> failure,
            Optional<Launcher.Launched> launched, List<Integer> signals) implements ContainerState {

        Starting withSignal(int signal) {
            return new Starting(root, start, pendingMounts, failure, launched,
                    java.util.stream.Stream.concat(signals.stream(), java.util.stream.Stream.of(signal)).toList());
        }

        /** One of the mounts it waited for ended. */
        Starting mounted(Optional<Mounter.Mounted> ownRoot, Optional<ConsoleError> error) {
            return new Starting(ownRoot.or(() -> root), start, pendingMounts - 1, failure.or(() -> error), launched,
                    signals);
        }
    }

    /** The application runs as {@code process}. */
    record Running(Mounter.Mounted root, Process process) implements ContainerState {
    }

    /**
     * Its init is gone ({@code end}); cgroup, console and sockets are being released on a worker. The exit is
     * reported (or the failed start answered) once that is done, so a client that sees it may start again.
     */
    record Stopping(Mounter.Mounted root, End end) implements ContainerState {
    }

    /** A start in progress: what it was asked and whom to answer. */
    record Start(Container container, StartArguments arguments, Map<io.northstar.common.Name, Container> resources,
            boolean critical, long createdNanos, Consumer<Optional<ConsoleError>> answer) {
    }

    /** A started container: init's host pid, its resources (in use while it runs), when it was exec'd. */
    record Process(Container container, Pid pid, Launcher.Launched launched, Set<Container> resources,
            boolean critical, long startNanos) {
    }

    /** Why a container is {@link Stopping}. */
    sealed interface End {
        Launcher.Launched launched();
    }

    /** The application ran and its init exited. */
    record Exited(Process process, ExitStatus status) implements End {
        public Launcher.Launched launched() {
            return process.launched();
        }
    }

    /** The forker could not start it, or it was killed before the start was answered. */
    record StartFailed(Start start, Launcher.Launched launched, ConsoleError error) implements End {
    }

    /** Mounted, in whatever state: its root. */
    default Optional<Mounter.Mounted> mountedRoot() {
        return switch (this) {
            case Installed i -> Optional.empty();
            case Mounting m -> Optional.empty();
            case Mounted m -> Optional.of(m.root());
            case Umounting u -> Optional.of(u.root());
            case Starting s -> s.root();
            case Running r -> Optional.of(r.root());
            case Stopping s -> Optional.of(s.root());
        };
    }

    /** Started or starting: a process exists or is being made. */
    default boolean active() {
        return switch (this) {
            case Starting s -> true;
            case Running r -> true;
            case Stopping s -> true;
            case Installed i -> false;
            case Mounting m -> false;
            case Mounted m -> false;
            case Umounting u -> false;
        };
    }

    /** The resource containers an active container uses. */
    default Set<Container> resources() {
        return switch (this) {
            case Starting s -> Set.copyOf(s.start().resources().values());
            case Running r -> r.process().resources();
            case Stopping s -> switch (s.end()) {
                case Exited e -> e.process().resources();
                case StartFailed f -> Set.copyOf(f.start().resources().values());
            };
            case Installed i -> Set.of();
            case Mounting m -> Set.of();
            case Mounted m -> Set.of();
            case Umounting u -> Set.of();
        };
    }
}
