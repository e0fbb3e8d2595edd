package io.northstar.runtime.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.northstar.common.Container;
import io.northstar.common.InvalidValueException;
import io.northstar.common.Name;
import io.northstar.common.NonNulString;
import io.northstar.console.LogsResult;
import io.northstar.console.ConsoleError;
import io.northstar.console.ContainerData;
import io.northstar.console.ContainerProcess;
import io.northstar.console.ContainerResult;
import io.northstar.console.InspectResult;
import io.northstar.console.InstallResult;
import io.northstar.console.Notification;
import io.northstar.console.Request;
import io.northstar.console.Response;
import io.northstar.console.UpdateResult;
import io.northstar.manifest.Autostart;
import io.northstar.manifest.Manifest;
import io.northstar.manifest.Mount;
import io.northstar.runtime.logs.ContainerLogs;
import io.northstar.runtime.logs.LogFollower;
import io.northstar.runtime.logs.LogRead;
import io.northstar.runtime.fork.ForkerEvent;
import io.northstar.runtime.fork.Pid;
import io.northstar.runtime.repository.LoadedNpk;
import io.northstar.runtime.repository.Repository;
import io.northstar.runtime.repository.RepositoryException;
import io.northstar.runtime.repository.Staged;
import io.northstar.runtime.repository.Staging;
import io.northstar.runtime.repository.StoredNpk;
import io.northstar.runtime.sandbox.PersistDir;
import io.northstar.runtime.sandbox.StartArguments;
import io.northstar.runtime.token.TokenAuthority;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All container state of the runtime (docs/runtime.md, "Container states"): one {@link ContainerState} per
 * container. Only the event loop thread calls {@link #handle}; nothing here is synchronised and nothing here
 * waits. Mounts, umounts and releases are effects that run on a small pool of workers and come back as events;
 * the forker's answers come back as its event stream.
 */
public final class ContainerStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerStateMachine.class);
    /**
     * Converts the statistics of an inspected container. In a holder, so that the object mapper (some 250
     * classes) is set up at the first inspect of a running container, not at every start of the runtime.
     */
    private static final class StatisticsJson {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private static final int ESRCH = jnr.constants.platform.Errno.ESRCH.intValue();

    static final Set<String> RESERVED_ENV =
            Set.of("NORTHSTAR_NAME", "NORTHSTAR_VERSION", "NORTHSTAR_CONTAINER", "NORTHSTAR_CONSOLE");
    static final String RESERVED_ENV_CAUSE =
            "env contains reserved key NORTHSTAR_NAME or NORTHSTAR_VERSION or NORTHSTAR_CONTAINER or NORTHSTAR_CONSOLE";

    /**
     * What the machine is built from; {@code post} and {@code fatal} may be called from any thread, {@code workers}
     * run the effects (mount, umount, release, wipe, close).
     */
    public record Setup(Map<String, Repository> repositories, Set<String> mountOnStart, Path runDir, Path dataDir,
            Mounter mounter, Launcher launcher, TokenAuthority tokens, ContainerLogs logs, Consumer<Event> post,
            Consumer<String> fatal, Duration shutdownGrace, Executor workers) {
    }

    /**
     * The runtime's workers: as many as there are processors (mounting is I/O and hashing; more threads than cores
     * only make each mount slower), at least two so one slow umount does not hold up a mount.
     */
    public static ExecutorService workerPool() {
        return Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "northstar-worker");
            t.setDaemon(true);
            return t;
        });
    }

    private final Map<String, Repository> repositories;
    private final Set<String> mountOnStart;
    /** The repository of every known container. */
    private final Map<Container, String> repositoryOf = new HashMap<>();
    /** The state of every known container. */
    private final Map<Container, ContainerState> states = new HashMap<>();
    private final Path runDir;
    private final Path dataDir;
    private final Mounter mounter;
    private final Launcher launcher;
    private final TokenAuthority tokens;
    /** The kept container output: the launcher fills it, logs requests read it, uninstall empties it. */
    private final ContainerLogs logs;
    private final Consumer<Event> post;
    private final Consumer<String> fatal;
    private final Duration shutdownGrace;
    /** Mounts, umounts, releases, wipes. */
    private final Executor workers;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "northstar-timer");
        t.setDaemon(true);
        return t;
    });
    private final List<Subscriber> subscribers = new ArrayList<>();
    /** The container of every reported pid (Running and Stopping states). */
    private final Map<Pid, Container> byPid = new HashMap<>();
    private CompletableFuture<Void> shutdownReply;
    /** The shutdown has asked for the last umounts. */
    private boolean umountingAll;
    private boolean closing;
    private boolean shutDown;

    /**
     * @param setup repositories in configuration order: containers found in an earlier repository win over the
     *              same id in a later one
     */
    public ContainerStateMachine(Setup setup) {
        this.repositories = new LinkedHashMap<>(setup.repositories());
        this.mountOnStart = Set.copyOf(setup.mountOnStart());
        this.runDir = setup.runDir();
        this.dataDir = setup.dataDir();
        this.mounter = setup.mounter();
        this.launcher = setup.launcher();
        this.tokens = setup.tokens();
        this.logs = setup.logs();
        this.post = setup.post();
        this.fatal = setup.fatal();
        this.shutdownGrace = setup.shutdownGrace();
        this.workers = setup.workers();
        for (Repository repository : this.repositories.values()) {
            for (StoredNpk npk : repository.npks()) {
                String known = repositoryOf.get(npk.container());
                if (known != null) {
                    LOG.warn("Skipping {} of repository {}: already loaded from repository {}", npk.container(),
                            repository.id(), known);
                    continue;
                }
                repositoryOf.put(npk.container(), repository.id());
                states.put(npk.container(), new ContainerState.Installed());
            }
        }
        removeUnfinishedWipes();
    }

    /** Data directories an earlier run had moved aside to wipe and not deleted before it ended. */
    private void removeUnfinishedWipes() {
        try {
            for (Path moved : PersistDir.leftovers(dataDir)) {
                LOG.info("Removing {}, left by an unfinished wipe", moved);
                workers.execute(() -> deleteMovedAside(moved, "an earlier run"));
            }
        } catch (IOException e) {
            LOG.warn("Looking for unfinished wipes in {}: {}", dataDir, e.toString());
        }
    }

    public boolean isShutDown() {
        return shutDown;
    }

    /** The state of {@code container}, for tests and inspect. */
    Optional<ContainerState> state(Container container) {
        return Optional.ofNullable(states.get(container));
    }

    /** Handles one event (on the loop thread). */
    public void handle(Event event) {
        switch (event) {
            case Event.Console c -> decide(c.request(), c.caller(), c.reply()::complete);
            case Event.BeginInstall b -> b.reply().complete(beginInstall(b.repository()));
            case Event.CommitInstall c -> c.reply().complete(commitInstall(c.staged()));
            case Event.Subscribe s -> {
                subscribers.add(s.subscriber());
                s.reply().complete(null);
            }
            case Event.Unsubscribe u -> subscribers.remove(u.subscriber());
            case Event.Publish p -> {
                notify(p.notification());
                p.reply().complete(null);
            }
            case Event.MountOnStart m -> mountOnStart(m.reply());
            case Event.Autostart a -> autostart(a.reply());
            case Event.Shutdown s -> shutdown(s.reply());
            case Event.Forker f -> forker(f.event());
            case Event.MemoryEventOccurred m -> memoryEvent(m);
            case Event.ShutdownGrace g -> shutdownGrace();
            case Event.Mounted m -> mounted(m);
            case Event.Umounted u -> umounted(u);
            case Event.Released r -> released(r.container());
            case Event.Closed c -> closed();
        }
    }

    // ---- console requests -----------------------------------------------------------------------

    /**
     * Decides a console request (docs/protocol.md, "Requests"). The permission check is done by the caller's
     * connection; {@code answer} is called exactly once, now or when the effects it waits for have ended. A new
     * request is one more case here.
     */
    void decide(Request request, Caller caller, Consumer<Response> answer) {
        switch (request) {
            case Request.Ident i -> answer.accept(new Response.Ident(caller.container().orElse(Caller.EXTERN)));
            case Request.Inspect i -> answer.accept(new Response.Inspect(inspect(i.container())));
            case Request.List l -> answer.accept(new Response.List(states.keySet().stream().sorted().toList()));
            case Request.Repositories r -> answer.accept(new Response.Repositories(
                    new LinkedHashSet<>(repositories.keySet())));
            case Request.Mount m -> gather(m.containers(), this::mount, results -> answer.accept(
                    new Response.Mount(results)));
            case Request.Umount u -> gather(u.containers(), this::umount, results -> answer.accept(
                    new Response.Umount(results)));
            case Request.Start s -> start(s.container(), arguments(s), error -> answer.accept(
                    new Response.Start(result(s.container(), error))));
            case Request.Logs l -> answer.accept(new Response.Logs(logs(l, caller)));
            case Request.Kill k -> answer.accept(new Response.Kill(result(k.container(), kill(k.container(),
                    k.signal()))));
            case Request.Uninstall u -> uninstall(u.container(), u.wipe(), error -> answer.accept(
                    new Response.Uninstall(result(u.container(), error))));
            // The install bytes follow the request on the connection: it stages them and posts the two halves
            // (BeginInstall, CommitInstall); a request without its stream cannot be an install.
            case Request.Install i -> answer.accept(new Response.Install(new InstallResult.Err(
                    new ConsoleError.InvalidArguments("install needs the NPK stream of a console connection"))));
            // Likewise an update: the connection stages its bytes and hands them to the runtime's updater, which
            // drives the update with requests of its own (docs/runtime.md, "Updating a container").
            case Request.Update u -> answer.accept(new Response.Update(new UpdateResult.Err(
                    new ConsoleError.InvalidArguments("update needs the NPK stream of a console connection"))));
            case Request.TokenCreate t -> answer.accept(new Response.TokenCreated(tokens.create(caller.identity(),
                    t.target().value(), t.shared())));
            case Request.TokenVerify t -> answer.accept(new Response.TokenVerification(tokens.verify(t.token(),
                    t.user().value(), caller.identity(), t.shared(), caller.tokenValidity())));
            // The caller ends the runtime once the answer is out (the connection flushes it first).
            case Request.Shutdown s -> answer.accept(new Response.Shutdown());
        }
    }

    private static ContainerResult result(Container container, Optional<ConsoleError> error) {
        return error.<ContainerResult>map(e -> new ContainerResult.Err(container, e))
                .orElseGet(() -> new ContainerResult.Ok(container));
    }

    private static StartArguments arguments(Request.Start request) {
        // Order kept: the container sees its environment in request order.
        Map<String, String> environment = new LinkedHashMap<>();
        request.environment().forEach((k, v) -> environment.put(k.value(), v.value()));
        return new StartArguments(request.init().map(NonNulString::value),
                request.arguments().stream().map(NonNulString::value).toList(), environment);
    }

    /** Runs {@code operation} on every container; {@code done} gets the results in request order once all ended. */
    private void gather(List<Container> containers, Operation operation, Consumer<List<ContainerResult>> done) {
        ContainerResult[] results = new ContainerResult[containers.size()];
        int[] open = {containers.size()};
        if (containers.isEmpty()) {
            done.accept(List.of());
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            int slot = i;
            Container container = containers.get(i);
            operation.run(container, error -> {
                results[slot] = result(container, error);
                if (--open[0] == 0) {
                    done.accept(List.of(results));
                }
            });
        }
    }

    @FunctionalInterface
    private interface Operation {
        void run(Container container, ContainerState.Waiter answer);
    }

    /**
     * Extension (docs/protocol.md, "Container logs"): the kept lines, and with follow the caller's follower
     * registered in the same step, so no line falls between the read and the follow.
     */
    private LogsResult logs(Request.Logs request, Caller caller) {
        Container container = request.container();
        if (!states.containsKey(container)) {
            return new LogsResult.Err(container, new ConsoleError.InvalidContainer(container));
        }
        Optional<LogFollower> follower = request.follow() ? caller.follower() : Optional.empty();
        LogRead read = logs.read(container, request.tail(), follower);
        read.unfollow().ifPresent(unfollow -> follower.orElseThrow().registered(unfollow));
        return new LogsResult.Ok(container, read.lines(), read.following());
    }

    private InspectResult inspect(Container container) {
        ContainerState state = states.get(container);
        if (state == null) {
            return new InspectResult.Err(container, new ConsoleError.InvalidContainer(container));
        }
        Optional<ContainerProcess> process = Optional.empty();
        if (state instanceof ContainerState.Running running) {
            ContainerState.Process p = running.process();
            Map<String, JsonNode> statistics = new LinkedHashMap<>();
            p.launched().statistics().forEach((k, v) -> statistics.put(k, StatisticsJson.MAPPER.valueToTree(v)));
            process = Optional.of(new ContainerProcess(p.pid().value(), System.nanoTime() - p.startNanos(),
                    statistics));
        }
        return new InspectResult.Ok(container, new ContainerData(npk(container).manifest(), repositoryOf.get(container),
                state.mountedRoot().isPresent(), process));
    }

    private LoadedNpk npk(Container container) {
        return stored(container).npk();
    }

    private StoredNpk stored(Container container) {
        String repository = repositoryOf.get(container);
        return repositories.get(repository).get(container).orElseThrow(
                () -> new IllegalStateException(container + " is known but not in " + repository));
    }

    // ---- mount / umount -------------------------------------------------------------------------

    /**
     * Mounts one container: the effect runs on a worker, {@code answer} gets the result. Already mounted (or being
     * mounted: a second copy in one request) is invalid_container in Northstar, not mount_busy.
     */
    private void mount(Container container, ContainerState.Waiter answer) {
        ContainerState state = states.get(container);
        if (!(state instanceof ContainerState.Installed)) {
            answer.accept(Optional.of(new ConsoleError.InvalidContainer(container)));
            return;
        }
        states.put(container, new ContainerState.Mounting(new ArrayList<>(List.of(answer))));
        startMount(container);
    }

    private void startMount(Container container) {
        StoredNpk npk = stored(container);
        boolean verified = repositories.get(repositoryOf.get(container)).verified();
        Path target = runDir.resolve(container.name() + ":" + container.version());
        workers.execute(() -> {
            try {
                post.accept(new Event.Mounted(container, Optional.of(mounter.mount(npk, verified, target)),
                        Optional.empty()));
            } catch (Exception e) {
                post.accept(new Event.Mounted(container, Optional.empty(), Optional.of(e)));
            }
        });
    }

    private void mounted(Event.Mounted event) {
        Container container = event.container();
        Optional<ConsoleError> error = event.failure().map(e -> {
            LOG.warn("Failed to mount {}: {}", container, message(e));
            return new ConsoleError.Unexpected(message(e));
        });
        if (error.isEmpty()) {
            LOG.info("Mounted {}", container);
        }
        switch (states.get(container)) {
            case ContainerState.Mounting m -> {
                states.put(container, event.root().<ContainerState>map(ContainerState.Mounted::new)
                        .orElseGet(ContainerState.Installed::new));
                m.waiters().forEach(w -> w.accept(error));
            }
            case ContainerState.Starting s -> startMounted(container, s.mounted(event.root(), error));
            case null, default -> {
                // Not asked for by this state (cannot happen): undo, so nothing is left mounted unknown.
                LOG.error("Mount of {} ended in state {}", container, states.get(container));
                event.root().ifPresent(root -> workers.execute(() -> umountQuietly(root)));
            }
        }
        finishShutdownIfIdle();
    }

    /** Unmounts one container. Not mounted is umount_busy in Northstar (quirk kept: clients match on it). */
    private void umount(Container container, ContainerState.Waiter answer) {
        ContainerState state = states.get(container);
        if (state == null) {
            answer.accept(Optional.of(new ConsoleError.InvalidContainer(container)));
            return;
        }
        if (!(state instanceof ContainerState.Mounted mounted)) {
            answer.accept(Optional.of(new ConsoleError.UmountBusy(container)));
            return;
        }
        Optional<Container> user = userOf(container);
        if (user.isPresent()) {
            // The user is named, not the resource (Northstar's integration tests rely on it).
            LOG.warn("Resource container {} is used by {}", container, user.get());
            answer.accept(Optional.of(new ConsoleError.UmountBusy(user.get())));
            return;
        }
        states.put(container, new ContainerState.Umounting(mounted.root(), new ArrayList<>(List.of(answer))));
        Mounter.Mounted root = mounted.root();
        workers.execute(() -> {
            try {
                mounter.umount(root);
                post.accept(new Event.Umounted(container, Optional.empty()));
            } catch (Exception e) {
                post.accept(new Event.Umounted(container, Optional.of(e)));
            }
        });
    }

    /** The first (lowest) active container that uses {@code resource}. */
    private Optional<Container> userOf(Container resource) {
        return states.entrySet().stream().filter(e -> e.getValue().resources().contains(resource))
                .map(Map.Entry::getKey).sorted().findFirst();
    }

    private void umounted(Event.Umounted event) {
        Container container = event.container();
        if (!(states.get(container) instanceof ContainerState.Umounting u)) {
            LOG.error("Umount of {} ended in state {}", container, states.get(container));
            return;
        }
        Optional<ConsoleError> error = event.failure().map(e -> {
            LOG.warn("Failed to umount {}: {}", container, message(e));
            return new ConsoleError.Unexpected(message(e));
        });
        if (error.isEmpty()) {
            LOG.info("Umounted {}", container);
        }
        states.put(container, error.isEmpty() ? new ContainerState.Installed() : new ContainerState.Mounted(u.root()));
        u.waiters().forEach(w -> w.accept(error));
        finishShutdownIfIdle();
    }

    private void umountQuietly(Mounter.Mounted root) {
        try {
            mounter.umount(root);
        } catch (Exception e) {
            LOG.error("Umounting {}: {}", root.target(), message(e));
        }
    }

    /** All containers of mount_on_start repositories at once; answered with the count or the first error. */
    private void mountOnStart(CompletableFuture<Outcome<Integer>> reply) {
        List<Container> toMount = repositoryOf.entrySet().stream().filter(e -> mountOnStart.contains(e.getValue()))
                .map(Map.Entry::getKey).sorted().toList();
        gather(toMount, this::mount, results -> reply.complete(results.stream()
                .<Optional<ConsoleError>>map(r -> r instanceof ContainerResult.Err err ? Optional.of(err.error())
                        : Optional.empty())
                .flatMap(Optional::stream).findFirst().<Outcome<Integer>>map(Outcome::failed)
                .orElseGet(() -> Outcome.ok(toMount.size()))));
    }

    // ---- install / uninstall --------------------------------------------------------------------

    Outcome<Staging> beginInstall(String repositoryId) {
        Repository repository = repositories.get(repositoryId);
        if (repository == null) {
            return Outcome.failed(new ConsoleError.InvalidRepository(repositoryId));
        }
        try {
            return Outcome.ok(repository.begin());
        } catch (RepositoryException e) {
            return Outcome.failed(new ConsoleError.Unexpected(e.getMessage()));
        }
    }

    Outcome<Container> commitInstall(Staged staged) {
        Repository repository = staged.repository();
        Container container = staged.npk().container();
        // Same repository: the repository refuses in commit (unexpected); another one: install_duplicate.
        String known = repositoryOf.get(container);
        if (known != null && !known.equals(repository.id())) {
            staged.discard();
            LOG.warn("Failed to install {}: already installed in repository {}", container, known);
            return Outcome.failed(new ConsoleError.InstallDuplicate(container));
        }
        try {
            repository.commit(staged);
        } catch (RepositoryException e) {
            staged.discard();
            LOG.warn("Failed to install {}: {}", container, e.getMessage());
            return Outcome.failed(new ConsoleError.Unexpected(e.getMessage()));
        }
        repositoryOf.put(container, repository.id());
        states.put(container, new ContainerState.Installed());
        LOG.info("Successfully installed {}", container);
        notify(new Notification.Install(container));
        return Outcome.ok(container);
    }

    private void uninstall(Container container, boolean wipe, ContainerState.Waiter answer) {
        ContainerState state = states.get(container);
        if (state == null) {
            answer.accept(Optional.of(new ConsoleError.InvalidContainer(container)));
            return;
        }
        if (wipe) {
            // The data directory is shared by all versions of a name: a started (or starting) version of it is
            // using it, as a started container uses a resource (umount_busy U).
            Optional<Container> user = states.entrySet().stream().filter(e -> e.getValue().active())
                    .map(Map.Entry::getKey).filter(c -> c.name().equals(container.name())).findFirst();
            if (user.isPresent()) {
                LOG.warn("Failed to uninstall {} with wipe: its persistent data is in use by {}", container,
                        user.get());
                answer.accept(Optional.of(new ConsoleError.UmountBusy(user.get())));
                return;
            }
        }
        switch (state) {
            case ContainerState.Installed i -> answer.accept(remove(container, wipe));
            case ContainerState.Mounted m -> umount(container, error -> answer.accept(error.isPresent() ? error
                    : remove(container, wipe)));
            case ContainerState.Umounting u -> u.waiters().add(error -> answer.accept(error.isPresent() ? error
                    : remove(container, wipe)));
            default -> answer.accept(Optional.of(new ConsoleError.UmountBusy(container)));
        }
    }

    /** The last step of an uninstall: not mounted, nothing uses it. */
    private Optional<ConsoleError> remove(Container container, boolean wipe) {
        if (!(states.get(container) instanceof ContainerState.Installed)) {
            return Optional.of(new ConsoleError.UmountBusy(container));
        }
        try {
            repositories.get(repositoryOf.get(container)).remove(container);
        } catch (RepositoryException e) {
            return Optional.of(new ConsoleError.Unexpected(e.getMessage()));
        }
        if (wipe) {
            wipe(container);
        }
        states.remove(container);
        repositoryOf.remove(container);
        logs.remove(container);
        LOG.info("Uninstalled {}", container);
        notify(new Notification.Uninstall(container));
        return Optional.empty();
    }

    /**
     * Renames the data directory aside now (the name is free at once) and deletes the tree on a worker, never
     * following a link in it (PersistDir). As in Northstar a failure is only logged.
     */
    private void wipe(Container container) {
        Optional<Path> trash;
        try {
            trash = PersistDir.moveAside(dataDir, container.name());
        } catch (InvalidValueException e) {
            LOG.warn("Not wiping data of {}: {}", container, e.getMessage());
            return;
        } catch (IOException e) {
            LOG.error("Failed to wipe data of {}: {}", container, e.getMessage());
            return;
        }
        trash.ifPresent(moved -> {
            LOG.info("Wiping persistent data dir {} of {}", PersistDir.path(dataDir, container.name()), container);
            workers.execute(() -> deleteMovedAside(moved, container.toString()));
        });
    }

    private static void deleteMovedAside(Path moved, String owner) {
        try {
            PersistDir.delete(moved);
            LOG.debug("Deleted {} (data of {})", moved, owner);
        } catch (IOException | RuntimeException e) {
            LOG.error("Failed to wipe {} (data of {}): {}", moved, owner, e.getMessage());
        }
    }

    // ---- start / kill ---------------------------------------------------------------------------

    /**
     * A start request (docs/runtime.md, "Starting a container"): refused now, or the container becomes
     * {@link ContainerState.Starting} and {@code answer} is called when the forker's answer has been handled.
     */
    void start(Container container, StartArguments arguments, ContainerState.Waiter answer) {
        Optional<ConsoleError> refused = accept(container, arguments, answer);
        refused.ifPresent(error -> {
            LOG.warn("Failed to start {}: {}", container, ErrorText.of(error));
            answer.accept(refused);
        });
    }

    private Optional<ConsoleError> accept(Container container, StartArguments arguments,
            ContainerState.Waiter answer) {
        ContainerState state = states.get(container);
        if (state == null) {
            return Optional.of(new ConsoleError.InvalidContainer(container));
        }
        LOG.info("Trying to start {}", container);
        Optional<Container> sameName = states.entrySet().stream().filter(e -> e.getValue().active())
                .map(Map.Entry::getKey).filter(c -> c.name().equals(container.name())).findFirst();
        if (sameName.isPresent()) {
            return Optional.of(new ConsoleError.StartContainerStarted(sameName.get()));
        }
        if (arguments.environment().keySet().stream().anyMatch(RESERVED_ENV::contains)) {
            return Optional.of(new ConsoleError.InvalidArguments(RESERVED_ENV_CAUSE));
        }
        LoadedNpk npk = npk(container);
        Manifest manifest = npk.manifest();
        if (arguments.init().isEmpty() && npk.resource()) {
            return Optional.of(new ConsoleError.StartContainerResource(container));
        }
        if (shutdownReply != null) {
            return Optional.of(new ConsoleError.StartContainerFailed(container, Transitions.SHUTTING_DOWN));
        }
        Map<Name, Container> resources = new LinkedHashMap<>();
        for (Mount.Resource mount : resourceMounts(manifest)) {
            Optional<Container> resolved = resolve(mount);
            if (resolved.isEmpty()) {
                return Optional.of(new ConsoleError.StartContainerMissingResource(container, mount.name(),
                        mount.version().toString()));
            }
            resources.put(mount.name(), resolved.get());
        }
        for (Container resource : Set.copyOf(resources.values())) {
            if (states.get(resource) instanceof ContainerState.Umounting) {
                return Optional.of(new ConsoleError.StartContainerFailed(container, "resource " + resource
                        + " is being unmounted"));
            }
        }
        Optional<Mounter.Mounted> root = switch (state) {
            case ContainerState.Installed i -> Optional.empty();
            case ContainerState.Mounted m -> Optional.of(m.root());
            default -> null;
        };
        if (root == null) {
            return Optional.of(new ConsoleError.StartContainerFailed(container, "it is being "
                    + (state instanceof ContainerState.Mounting ? "mounted" : "unmounted")));
        }
        boolean critical = manifest.autostart().filter(Autostart.CRITICAL::equals).isPresent();
        ContainerState.Start start = new ContainerState.Start(container, arguments, Map.copyOf(resources), critical,
                System.nanoTime(), answer);
        int pending = root.isEmpty() ? 1 : 0;
        List<Container> resourcesToMount = new ArrayList<>();
        for (Container resource : new LinkedHashSet<>(resources.values())) {
            switch (states.get(resource)) {
                case ContainerState.Installed i -> resourcesToMount.add(resource);
                case ContainerState.Mounting m -> m.waiters().add(error -> resourceMounted(container, error));
                default -> {
                    continue;
                }
            }
            pending++;
        }
        states.put(container, new ContainerState.Starting(root, start, pending, Optional.empty(), Optional.empty(),
                List.of()));
        if (root.isEmpty()) {
            startMount(container);
        }
        for (Container resource : resourcesToMount) {
            mount(resource, error -> resourceMounted(container, error));
        }
        if (pending == 0) {
            launch(container);
        }
        return Optional.empty();
    }

    private static List<Mount.Resource> resourceMounts(Manifest manifest) {
        return manifest.mounts().values().stream().filter(m -> m.type() == Mount.Type.RESOURCE)
                .map(Mount.Resource.class::cast).toList();
    }

    /** The lowest known version that matches (docs/runtime.md, "Resource resolution": Northstar sorts ascending). */
    private Optional<Container> resolve(Mount.Resource mount) {
        return states.keySet().stream()
                .filter(c -> c.name().equals(mount.name()) && mount.version().matches(c.version()))
                .min(Comparator.comparing(Container::version));
    }

    private void resourceMounted(Container container, Optional<ConsoleError> error) {
        if (states.get(container) instanceof ContainerState.Starting s) {
            startMounted(container, s.mounted(Optional.empty(), error));
        }
    }

    /** A mount a start waited for ended: once all have, launch or give up. */
    private void startMounted(Container container, ContainerState.Starting starting) {
        states.put(container, starting);
        if (starting.pendingMounts() > 0) {
            return;
        }
        if (starting.failure().isPresent()) {
            giveUp(container, starting, starting.failure().get());
        } else if (shutdownReply != null) {
            giveUp(container, starting, new ConsoleError.StartContainerFailed(container, Transitions.SHUTTING_DOWN));
        } else {
            launch(container);
        }
    }

    /** A start that never reached the launcher: what was mounted for it stays mounted, as in Northstar. */
    private void giveUp(Container container, ContainerState.Starting starting, ConsoleError error) {
        states.put(container, starting.root().<ContainerState>map(ContainerState.Mounted::new)
                .orElseGet(ContainerState.Installed::new));
        LOG.warn("Failed to start {}: {}", container, ErrorText.of(error));
        starting.start().answer().accept(Optional.of(error));
        finishShutdownIfIdle();
    }

    /** Everything is mounted: the launcher prepares the process and asks the forker. */
    private void launch(Container container) {
        ContainerState.Starting starting = (ContainerState.Starting) states.get(container);
        ContainerState.Start start = starting.start();
        Launcher.Launched launched;
        try {
            launched = launcher.launch(npk(container).manifest(), start.arguments(), start.resources(),
                    event -> post.accept(new Event.MemoryEventOccurred(container, event)));
        } catch (Launcher.LaunchException e) {
            giveUp(container, starting, e.error());
            return;
        }
        states.put(container, new ContainerState.Starting(starting.root(), start, 0, Optional.empty(),
                Optional.of(launched), starting.signals()));
    }

    private Optional<ConsoleError> kill(Container container, int signal) {
        if (signal < 1 || signal > 31) {
            return Optional.of(new ConsoleError.Unexpected("EINVAL: Invalid argument"));
        }
        ContainerState state = states.get(container);
        if (state == null) {
            return Optional.of(new ConsoleError.InvalidContainer(container));
        }
        Transitions.Step step = Transitions.kill(container, state, signal);
        if (step.effects().isEmpty() && step.next() instanceof ContainerState.Starting) {
            LOG.info("Killing {} with {} once it runs", container, SignalName.of(signal));
        }
        return apply(container, step);
    }

    // ---- the forker's reports -------------------------------------------------------------------

    private void forker(ForkerEvent event) {
        switch (event) {
            case ForkerEvent.Started s -> {
                Container container = s.container();
                ContainerState state = states.get(container);
                Transitions.Step step = Transitions.started(container, state, s.pid(), System.nanoTime(),
                        shutdownReply != null);
                if (step.next() == state) {
                    LOG.error("Start report for {} ({}) in state {}", container, s.pid(), state);
                    return;
                }
                byPid.put(s.pid(), container);
                if (shutdownReply != null) {
                    LOG.info("Killing {} with SIGKILL: the runtime is shutting down", container);
                } else {
                    ContainerState.Starting starting = (ContainerState.Starting) state;
                    LOG.info("Started {} ({}) in {}s", container, s.pid(), String.format(Locale.ROOT, "%.3f",
                            (System.nanoTime() - starting.start().createdNanos()) / 1e9));
                }
                apply(container, step);
            }
            case ForkerEvent.Failed f -> {
                Transitions.Step step = Transitions.failed(f.container(), states.get(f.container()), f.reason());
                apply(f.container(), step);
            }
            case ForkerEvent.Exited x -> exited(x);
            case ForkerEvent.KillResult k -> {
                // ESRCH: the container is gone already; its exit is on the way.
                if (k.errno() != 0 && k.errno() != ESRCH) {
                    LOG.error("Failed to signal {} with {}: {}", byPid.getOrDefault(k.pid(), null), SignalName.of(
                            k.signal()), io.northstar.runtime.sys.Errno.name(k.errno()));
                }
            }
            case ForkerEvent.Rejected r -> { } // logged by the forker's handle
            case ForkerEvent.Gone g -> forkerGone(g.reason());
        }
    }

    /** A container's init was reaped (docs/runtime.md, "Exit"). */
    private void exited(ForkerEvent.Exited exit) {
        Container container = byPid.remove(exit.pid());
        if (container == null || !(states.get(container) instanceof ContainerState.Running running)) {
            LOG.debug("Exit of unknown pid {} ({})", exit.pid(), exit.status());
            return;
        }
        String after = String.format(Locale.ROOT, "%.3fs",
                (System.nanoTime() - running.process().startNanos()) / 1e9);
        if (running.process().critical() && shutdownReply == null) {
            LOG.error("Critical process {} exited after {} with status {}", container, after,
                    SignalName.describe(exit.status()));
        } else {
            LOG.info("Process {} exited after {} with status {}", container, after, SignalName.describe(exit.status()));
        }
        apply(container, Transitions.exited(container, running, exit.status()));
    }

    /** The forker is gone and every container with it: handle them as exited (status -2, as a lost init). */
    private void forkerGone(String reason) {
        List<Pid> running = List.copyOf(byPid.keySet());
        if (!running.isEmpty()) {
            LOG.error("The forker is gone ({}): {} container(s) ended with it", reason, running.size());
        }
        for (Pid pid : running) {
            exited(new ForkerEvent.Exited(pid, new io.northstar.console.ExitStatus.Exit(-2)));
        }
        if (shutdownReply == null) {
            // Its containers died with it (their inits have PR_SET_PDEATHSIG): end with an error for the
            // supervisor to restart the runtime (docs/reliability.md says why).
            fatal.accept("the forker exited (" + reason + "); its containers ended with it");
        }
    }

    private void released(Container container) {
        ContainerState state = states.get(container);
        Transitions.Step step = Transitions.released(container, state, shutdownReply != null);
        if (state instanceof ContainerState.Stopping s && s.end() instanceof ContainerState.Exited) {
            LOG.info("Container {} exited with status {}", container,
                    SignalName.describe(((ContainerState.Exited) s.end()).status()));
        }
        apply(container, step);
        finishShutdownIfIdle();
    }

    /**
     * {@code c_group} notification (only containers with oom_monitor have a monitor). The OOM kill and the
     * monitor's event race: the event may be handled after the exit, and is still reported then.
     */
    private void memoryEvent(Event.MemoryEventOccurred event) {
        if (!states.containsKey(event.container())) {
            return;
        }
        LOG.warn("Process {} is out of memory", event.container());
        notify(new Notification.CGroup(event.container(),
                new io.northstar.console.CgroupNotification.Memory(event.event().toNotification())));
    }

    /** Makes {@code step}'s state the container's and runs its effects; the refusal, if any, is returned. */
    private Optional<ConsoleError> apply(Container container, Transitions.Step step) {
        states.put(container, step.next());
        Optional<ConsoleError> refused = Optional.empty();
        for (Effect effect : step.effects()) {
            switch (effect) {
                case Effect.Signal s -> {
                    LOG.info("Killing {} with {}", s.container(), SignalName.of(s.signal()));
                    launcher.kill(s.pid(), s.signal());
                }
                case Effect.Release r -> workers.execute(() -> {
                    r.launched().release();
                    post.accept(new Event.Released(r.container()));
                });
                case Effect.Debug d -> {
                    try {
                        d.launched().started(d.pid());
                    } catch (Exception e) {
                        LOG.error("Debug commands of {}: {}", d.container(), message(e));
                    }
                }
                case Effect.AnswerStart a -> {
                    a.error().ifPresent(e -> LOG.warn("Failed to start {}: {}", a.start().container(),
                            ErrorText.of(e)));
                    a.start().answer().accept(a.error());
                }
                case Effect.Refuse r -> refused = Optional.of(r.error());
                case Effect.Notify n -> notify(n.notification());
                case Effect.Fatal f -> fatal.accept(f.reason());
            }
        }
        return refused;
    }

    // ---- autostart ------------------------------------------------------------------------------

    /**
     * Starts every container with {@code autostart} at once (docs/runtime.md, "Autostart"). {@code reply} gets the
     * number of autostart containers, or the error of a critical one that failed.
     */
    private void autostart(CompletableFuture<Outcome<Integer>> reply) {
        long began = System.nanoTime();
        Map<Container, Autostart> autostart = new TreeMap<>();
        for (Container container : states.keySet()) {
            npk(container).manifest().autostart().ifPresent(a -> autostart.put(container, a));
        }
        List<Container> order = List.copyOf(autostart.keySet());
        gather(order, (container, answer) -> {
            Autostart mode = autostart.get(container);
            LOG.info("Autostarting {} ({})", container, mode == Autostart.CRITICAL ? "Critical" : "Relaxed");
            start(container, StartArguments.NONE, answer);
        }, results -> {
            for (ContainerResult result : results) {
                if (result instanceof ContainerResult.Err err) {
                    if (autostart.get(err.container()) == Autostart.CRITICAL) {
                        LOG.error("Failed to autostart critical {}: {}", err.container(), ErrorText.of(err.error()));
                        reply.complete(Outcome.failed(err.error()));
                        return;
                    }
                    LOG.warn("Failed to autostart relaxed {}: {}", err.container(), ErrorText.of(err.error()));
                }
            }
            if (!autostart.isEmpty()) {
                LOG.info("Successfully started {} container(s) in {}s", autostart.size(),
                        String.format(Locale.ROOT, "%.3f", (System.nanoTime() - began) / 1e9));
            }
            reply.complete(Outcome.ok(autostart.size()));
        });
    }

    // ---- notifications --------------------------------------------------------------------------

    private void notify(Notification notification) {
        subscribers.removeIf(subscriber -> !subscriber.offer(notification));
    }

    // ---- shutdown -------------------------------------------------------------------------------

    /**
     * Orderly shutdown (docs/runtime.md, "Shutdown"): SIGTERM to every running container (a starting one is killed
     * once the forker reported it), SIGKILL to what is left after the grace period, then, once every exit has been
     * handled, umount everything and release the forker, the cgroups and the repositories. {@code reply} completes
     * at the end.
     */
    private void shutdown(CompletableFuture<Void> reply) {
        if (shutdownReply != null) {
            shutdownReply.whenComplete((ok, failure) -> reply.complete(null));
            return;
        }
        shutdownReply = reply;
        long active = states.values().stream().filter(ContainerState::active).count();
        for (Container container : List.copyOf(states.keySet())) {
            apply(container, Transitions.shutdown(container, states.get(container)));
        }
        if (active > 0) {
            LOG.info("Waiting up to {} ms for {} container(s) to exit", shutdownGrace.toMillis(), active);
            timer.schedule(() -> post.accept(new Event.ShutdownGrace()), shutdownGrace.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        finishShutdownIfIdle();
    }

    private void shutdownGrace() {
        if (shutDown) {
            return;
        }
        for (Container container : List.copyOf(states.keySet())) {
            if (states.get(container) instanceof ContainerState.Running) {
                LOG.warn("Killing {} with SIGKILL: still running after the grace period", container);
            }
            apply(container, Transitions.grace(container, states.get(container)));
        }
    }

    /** Once nothing runs, starts or moves: umount everything, then close the rest on a worker. */
    private void finishShutdownIfIdle() {
        if (shutdownReply == null || closing) {
            return;
        }
        boolean busy = states.values().stream().anyMatch(s -> s.active() || s instanceof ContainerState.Mounting
                || s instanceof ContainerState.Umounting);
        if (busy) {
            return;
        }
        if (!umountingAll) {
            umountingAll = true;
            List<Container> mounted = states.entrySet().stream()
                    .filter(e -> e.getValue() instanceof ContainerState.Mounted).map(Map.Entry::getKey).sorted()
                    .toList();
            for (Container container : mounted) {
                umount(container, error -> error.ifPresent(e -> LOG.error("Shutdown: {}", ErrorText.of(e))));
            }
            if (!mounted.isEmpty()) {
                return;
            }
        }
        closing = true;
        subscribers.clear();
        workers.execute(() -> {
            try {
                launcher.close();
            } catch (RuntimeException e) {
                LOG.error("Shutdown: {}", message(e));
            }
            repositories.values().forEach(Repository::close);
            post.accept(new Event.Closed());
        });
    }

    private void closed() {
        if (workers instanceof ExecutorService pool) {
            pool.shutdown();
        }
        timer.shutdownNow();
        shutDown = true;
        shutdownReply.complete(null);
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
