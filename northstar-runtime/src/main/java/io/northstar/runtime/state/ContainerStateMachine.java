package io.northstar.runtime.state;

import io.northstar.common.Container;
import io.northstar.common.InvalidValueException;
import io.northstar.common.Name;
import io.northstar.manifest.Autostart;
import io.northstar.manifest.Manifest;
import io.northstar.manifest.Mount;
import io.northstar.runtime.cgroups.MemoryEvent;
import io.northstar.runtime.fork.ExitStatus;
import io.northstar.runtime.fork.Pid;
import io.northstar.runtime.fork.StartFailedException;
import io.northstar.runtime.logs.ContainerLogs;
import io.northstar.runtime.logs.LogFollower;
import io.northstar.runtime.logs.LogLimits;
import io.northstar.runtime.logs.LogRead;
import io.northstar.runtime.sandbox.PersistDir;
import io.northstar.runtime.sandbox.StartArguments;
import io.northstar.runtime.sys.SyscallException;
import io.northstar.runtime.repository.LoadedNpk;
import io.northstar.runtime.repository.Repository;
import io.northstar.runtime.repository.RepositoryException;
import io.northstar.runtime.repository.Staged;
import io.northstar.runtime.repository.Staging;
import io.northstar.runtime.repository.StoredNpk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All container state of the runtime (docs/runtime.md, "Container states"). Only the event loop thread calls
 * it, so nothing here is synchronised. Long operations (mounting) run on a worker pool, but the
 * loop waits for them, which keeps the observable serialisation of Northstar.
 */
public final class ContainerStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerStateMachine.class);

    private static final int SIGKILL = 9;
    private static final int SIGTERM = 15;
    private static final int ESRCH = jnr.constants.platform.Errno.ESRCH.intValue();

    static final Set<String> RESERVED_ENV =
            Set.of("NORTHSTAR_NAME", "NORTHSTAR_VERSION", "NORTHSTAR_CONTAINER", "NORTHSTAR_CONSOLE");
    static final String RESERVED_ENV_CAUSE =
            "env contains reserved key NORTHSTAR_NAME or NORTHSTAR_VERSION or NORTHSTAR_CONTAINER or NORTHSTAR_CONSOLE";

    /** One known container: its repository and, while mounted, its root. */
    private static final class Entry {
        final String repository;
        Mounter.Mounted root;

        Entry(String repository) {
            this.repository = repository;
        }
    }

    private final Map<String, Repository> repositories;
    private final Set<String> mountOnStart;
    private final Map<Container, Entry> containers = new HashMap<>();
    private final Path runDir;
    private final Path dataDir;
    private final Mounter mounter;
    private final ExecutorService workers;
    private final List<Notification.Subscriber> subscribers = new ArrayList<>();
    private Optional<Launcher> launcher = Optional.empty();
    /** The kept container output; the launcher fills it, logs requests read it, uninstall empties it. */
    private ContainerLogs logs = new ContainerLogs(LogLimits.DEFAULTS);
    /** Posts events back to the loop (forker answers, memory events, timers). */
    private final Consumer<Event> post;
    /** Ends the runtime with an error (a critical container failed). */
    private final Consumer<String> fatal;
    private final Duration shutdownGrace;
    /** Started and starting containers. */
    private final Map<Container, ProcessContext> processes = new HashMap<>();
    private final Map<Pid, ProcessContext> byPid = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "northstar-timer");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<Void> shutdownReply;
    private boolean shutDown;

    /**
     * @param repositories in configuration order; containers found in an earlier repository win
     *                     over the same id in a later one
     */
    public ContainerStateMachine(Map<String, Repository> repositories, Set<String> mountOnStart, Path runDir,
            Path dataDir, Mounter mounter) {
        this(repositories, mountOnStart, runDir, dataDir, mounter, event -> {
            throw new IllegalStateException("no launcher: nothing posts events");
        }, reason -> LOG.error("{}", reason), Duration.ZERO);
    }

    /**
     * Without {@link #attach} a launcher every start fails.
     *
     * @param post          posts an event to the loop that runs this machine (from any thread)
     * @param fatal         ends the runtime with an error: a critical container exited unsuccessfully
     * @param shutdownGrace how long a shutdown waits after SIGTERM before it sends SIGKILL
     */
    public ContainerStateMachine(Map<String, Repository> repositories, Set<String> mountOnStart, Path runDir,
            Path dataDir, Mounter mounter, Consumer<Event> post, Consumer<String> fatal, Duration shutdownGrace) {
        this.post = post;
        this.fatal = fatal;
        this.shutdownGrace = shutdownGrace;
        this.repositories = new LinkedHashMap<>(repositories);
        this.mountOnStart = Set.copyOf(mountOnStart);
        this.runDir = runDir;
        this.dataDir = dataDir;
        this.mounter = mounter;
        this.workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                r -> {
                    Thread t = new Thread(r, "northstar-mount");
                    t.setDaemon(true);
                    return t;
                });
        for (Repository repository : this.repositories.values()) {
            for (StoredNpk npk : repository.npks()) {
                Entry known = containers.get(npk.container());
                if (known != null) {
                    LOG.warn("Skipping {} of repository {}: already loaded from repository {}", npk.container(),
                            repository.id(), known.repository);
                    continue;
                }
                containers.put(npk.container(), new Entry(repository.id()));
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

    /**
     * Gives the machine the launcher that creates container processes. Called once, before the
     * loop starts (the launcher's console needs the loop, the loop needs this machine).
     */
    public void attach(Launcher launcher) {
        if (this.launcher.isPresent()) {
            throw new IllegalStateException("a launcher is attached already");
        }
        this.launcher = Optional.of(launcher);
    }

    /** The kept output the attached launcher writes into (docs/runtime.md, "Container logs"). */
    public void attach(ContainerLogs logs) {
        this.logs = logs;
    }

    public boolean isShutDown() {
        return shutDown;
    }

    List<Container> list() {
        return containers.keySet().stream().sorted().toList();
    }

    List<String> repositories() {
        return List.copyOf(repositories.keySet());
    }

    Outcome<ContainerInfo> inspect(Container container) {
        Entry entry = containers.get(container);
        if (entry == null) {
            return Outcome.failed(new RuntimeError.InvalidContainer(container));
        }
        ProcessContext process = processes.get(container);
        Optional<ContainerInfo.Process> running = Optional.empty();
        if (process != null && process.running()) {
            running = Optional.of(new ContainerInfo.Process(process.pid.value(), System.nanoTime() - process.startNanos,
                    process.launched.statistics()));
        }
        return Outcome.ok(new ContainerInfo(container, npk(container, entry).npk(), entry.repository,
                entry.root != null, running));
    }

    /** Extension: a logs request (docs/protocol.md, "Container logs"). */
    Outcome<LogRead> logs(Container container, OptionalLong tail, Optional<LogFollower> follower) {
        if (!containers.containsKey(container)) {
            return Outcome.failed(new RuntimeError.InvalidContainer(container));
        }
        return Outcome.ok(logs.read(container, tail, follower));
    }

    private StoredNpk npk(Container container, Entry entry) {
        return repositories.get(entry.repository).get(container)
                .orElseThrow(() -> new IllegalStateException(container + " is known but not in " + entry.repository));
    }

    // ---- mount / umount -------------------------------------------------------------------------

    List<Outcome<Container>> mount(List<Container> requested) {
        List<Outcome<Container>> results = new ArrayList<>();
        Map<Integer, Future<Mounter.Mounted>> running = new HashMap<>();
        Set<Container> inThisRequest = new HashSet<>();
        for (Container container : requested) {
            Entry entry = containers.get(container);
            // Already mounted is invalid_container in Northstar (not mount_busy); a second copy of
            // the same id in one request counts as already mounted.
            if (entry == null || entry.root != null || !inThisRequest.add(container)) {
                results.add(Outcome.failed(new RuntimeError.InvalidContainer(container)));
                continue;
            }
            StoredNpk npk = npk(container, entry);
            boolean verified = repositories.get(entry.repository).verified();
            Path target = runDir.resolve(container.name() + ":" + container.version());
            running.put(results.size(), workers.submit(() -> mounter.mount(npk, verified, target)));
            results.add(null);
        }
        for (Map.Entry<Integer, Future<Mounter.Mounted>> job : running.entrySet()) {
            Container container = requested.get(job.getKey());
            Outcome<Container> result;
            try {
                containers.get(container).root = job.getValue().get();
                LOG.info("Mounted {}", container);
                result = Outcome.ok(container);
            } catch (ExecutionException e) {
                LOG.warn("Failed to mount {}: {}", container, e.getCause().getMessage());
                result = Outcome.failed(new RuntimeError.Unexpected(message(e.getCause())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result = Outcome.failed(new RuntimeError.Unexpected("interrupted while mounting " + container));
            }
            results.set(job.getKey(), result);
        }
        return results;
    }

    List<Outcome<Container>> umount(List<Container> requested) {
        List<Outcome<Container>> results = new ArrayList<>();
        Map<Integer, Future<?>> running = new HashMap<>();
        Set<Container> inThisRequest = new HashSet<>();
        for (Container container : requested) {
            Entry entry = containers.get(container);
            if (entry == null) {
                results.add(Outcome.failed(new RuntimeError.InvalidContainer(container)));
                continue;
            }
            // Not mounted is umount_busy in Northstar (quirk kept: clients match on it).
            if (entry.root == null || !inThisRequest.add(container) || processes.containsKey(container)) {
                results.add(Outcome.failed(new RuntimeError.UmountBusy(container)));
                continue;
            }
            Optional<Container> user = processes.values().stream().filter(p -> p.resources.contains(container))
                    .map(p -> p.container).sorted().findFirst();
            if (user.isPresent()) {
                // The user is named, not the resource (Northstar's integration tests rely on it).
                LOG.warn("Resource container {} is used by {}", container, user.get());
                results.add(Outcome.failed(new RuntimeError.UmountBusy(user.get())));
                continue;
            }
            Mounter.Mounted root = entry.root;
            running.put(results.size(), workers.submit(() -> {
                mounter.umount(root);
                return null;
            }));
            results.add(null);
        }
        for (Map.Entry<Integer, Future<?>> job : running.entrySet()) {
            Container container = requested.get(job.getKey());
            results.set(job.getKey(), awaitUmount(container, job.getValue()));
        }
        return results;
    }

    private Outcome<Container> awaitUmount(Container container, Future<?> job) {
        try {
            job.get();
            containers.get(container).root = null;
            LOG.info("Umounted {}", container);
            return Outcome.ok(container);
        } catch (ExecutionException e) {
            LOG.warn("Failed to umount {}: {}", container, e.getCause().getMessage());
            return Outcome.failed(new RuntimeError.Unexpected(message(e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed(new RuntimeError.Unexpected("interrupted while unmounting " + container));
        }
    }

    Outcome<Integer> mountOnStart() {
        List<Container> toMount = containers.entrySet().stream()
                .filter(e -> mountOnStart.contains(e.getValue().repository))
                .map(Map.Entry::getKey).sorted().toList();
        List<Outcome<Container>> results = mount(toMount);
        for (Outcome<Container> result : results) {
            Optional<RuntimeError> error = result.fold(ok -> Optional.empty(), Optional::of);
            if (error.isPresent()) {
                return Outcome.failed(error.get());
            }
        }
        return Outcome.ok(toMount.size());
    }

    // ---- install / uninstall --------------------------------------------------------------------

    Outcome<Staging> beginInstall(String repositoryId) {
        Repository repository = repositories.get(repositoryId);
        if (repository == null) {
            return Outcome.failed(new RuntimeError.InvalidRepository(repositoryId));
        }
        try {
            return Outcome.ok(repository.begin());
        } catch (RepositoryException e) {
            return Outcome.failed(new RuntimeError.Unexpected(e.getMessage()));
        }
    }

    Outcome<Container> commitInstall(Staged staged) {
        Repository repository = staged.repository();
        Container container = staged.npk().container();
        // Same repository: the repository refuses in commit (unexpected); another one: install_duplicate.
        Entry known = containers.get(container);
        if (known != null && !known.repository.equals(repository.id())) {
            staged.discard();
            LOG.warn("Failed to install {}: already installed in repository {}", container, known.repository);
            return Outcome.failed(new RuntimeError.InstallDuplicate(container));
        }
        try {
            repository.commit(staged);
        } catch (RepositoryException e) {
            staged.discard();
            LOG.warn("Failed to install {}: {}", container, e.getMessage());
            return Outcome.failed(new RuntimeError.Unexpected(e.getMessage()));
        }
        containers.put(container, new Entry(repository.id()));
        LOG.info("Successfully installed {}", container);
        notify(new Notification.Installed(container));
        return Outcome.ok(container);
    }

    Outcome<Container> uninstall(Container container, boolean wipe) {
        Entry entry = containers.get(container);
        if (entry == null) {
            return Outcome.failed(new RuntimeError.InvalidContainer(container));
        }
        if (wipe) {
            // The data directory is shared by all versions of a name: a started (or starting)
            // version of it is using it, as a started container uses a resource (umount_busy U).
            Optional<Container> user = processes.keySet().stream()
                    .filter(c -> c.name().equals(container.name())).findFirst();
            if (user.isPresent()) {
                LOG.warn("Failed to uninstall {} with wipe: its persistent data is in use by {}", container,
                        user.get());
                return Outcome.failed(new RuntimeError.UmountBusy(user.get()));
            }
        }
        if (entry.root != null) {
            Outcome<Container> umounted = umount(List.of(container)).get(0);
            Optional<RuntimeError> error = umounted.fold(ok -> Optional.empty(), Optional::of);
            if (error.isPresent()) {
                return Outcome.failed(error.get());
            }
        }
        try {
            repositories.get(entry.repository).remove(container);
        } catch (RepositoryException e) {
            return Outcome.failed(new RuntimeError.Unexpected(e.getMessage()));
        }
        if (wipe) {
            wipe(container);
        }
        containers.remove(container);
        logs.remove(container);
        LOG.info("Uninstalled {}", container);
        notify(new Notification.Uninstalled(container));
        return Outcome.ok(container);
    }

    /**
     * Renames the data directory aside now (the name is free at once) and deletes the tree on a
     * worker, never following a link in it (PersistDir). As in Northstar a failure is only logged.
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

    // ---- start / kill ----------------------------------------------------------------------------

    /**
     * A start request (docs/runtime.md, "Starting a container"). {@code reply} is completed now when the start
     * fails before the forker is asked, else when the forker's answer has been handled.
     */
    void start(Container container, StartArguments arguments, CompletableFuture<Outcome<Container>> reply) {
        Optional<RuntimeError> refused = launch(container, arguments, reply);
        refused.ifPresent(error -> {
            LOG.warn("Failed to start {}: {}", container, error.message());
            reply.complete(Outcome.failed(error));
        });
    }

    private Optional<RuntimeError> launch(Container container, StartArguments arguments,
            CompletableFuture<Outcome<Container>> reply) {
        Entry entry = containers.get(container);
        if (entry == null) {
            return Optional.of(new RuntimeError.InvalidContainer(container));
        }
        LOG.info("Trying to start {}", container);
        if (processes.containsKey(container)) {
            return Optional.of(new RuntimeError.StartContainerStarted(container));
        }
        Optional<Container> sameName = processes.keySet().stream()
                .filter(c -> c.name().equals(container.name())).findFirst();
        if (sameName.isPresent()) {
            return Optional.of(new RuntimeError.StartContainerStarted(sameName.get()));
        }
        if (arguments.environment().keySet().stream().anyMatch(RESERVED_ENV::contains)) {
            return Optional.of(new RuntimeError.InvalidArguments(RESERVED_ENV_CAUSE));
        }
        LoadedNpk npk = npk(container, entry).npk();
        Manifest manifest = npk.manifest();
        if (arguments.init().isEmpty() && npk.resource()) {
            return Optional.of(new RuntimeError.StartContainerResource(container));
        }
        if (launcher.isEmpty()) {
            return Optional.of(new RuntimeError.StartContainerFailed(container,
                    "starting containers is not supported by this runtime instance (no forker)"));
        }
        if (shutdownReply != null) {
            return Optional.of(new RuntimeError.StartContainerFailed(container, "the runtime is shutting down"));
        }
        Map<Name, Container> resources = new LinkedHashMap<>();
        for (Mount.Resource mount : resourceMounts(manifest)) {
            Optional<Container> resolved = resolve(mount);
            if (resolved.isEmpty()) {
                return Optional.of(new RuntimeError.StartContainerMissingResource(container, mount.name().value(),
                        mount.version().toString()));
            }
            resources.put(mount.name(), resolved.get());
        }
        List<Container> toMount = new ArrayList<>();
        if (entry.root == null) {
            toMount.add(container);
        }
        resources.values().stream().distinct().filter(r -> containers.get(r).root == null).forEach(toMount::add);
        for (Outcome<Container> mounted : mount(toMount)) {
            Optional<RuntimeError> error = mounted.fold(ok -> Optional.empty(), Optional::of);
            if (error.isPresent()) {
                return error;
            }
        }
        Launcher.Launched launched;
        try {
            launched = launcher.get().launch(manifest, arguments, resources,
                    event -> post.accept(new Event.MemoryEventOccurred(container, event)));
        } catch (Launcher.LaunchException e) {
            return Optional.of(e.error());
        }
        boolean critical = manifest.autostart().filter(Autostart.CRITICAL::equals).isPresent();
        ProcessContext context = new ProcessContext(container, launched, new HashSet<>(resources.values()), critical,
                reply);
        processes.put(container, context);
        launched.pid().whenComplete((pid, failure) -> post.accept(new Event.StartCompleted(context, pid, failure)));
        return Optional.empty();
    }

    private static List<Mount.Resource> resourceMounts(Manifest manifest) {
        return manifest.mounts().values().stream().filter(m -> m.type() == Mount.Type.RESOURCE)
                .map(Mount.Resource.class::cast).toList();
    }

    /** The lowest known version that matches (docs/runtime.md, "Resource resolution": Northstar sorts ascending). */
    private Optional<Container> resolve(Mount.Resource mount) {
        return containers.keySet().stream()
                .filter(c -> c.name().equals(mount.name()) && mount.version().matches(c.version()))
                .min(Comparator.comparing(Container::version));
    }

    /** The forker answered the start of {@code context}. */
    void startCompleted(ProcessContext context, Pid pid, Throwable failure) {
        Container container = context.container;
        if (processes.get(container) != context) {
            LOG.error("Start answer for {} without its process context", container);
            return;
        }
        CompletableFuture<Outcome<Container>> reply = context.reply;
        context.reply = null;
        if (failure != null) {
            processes.remove(container);
            context.launched.release();
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            String why = cause instanceof StartFailedException failed
                    ? failed.cause() + (failed.detail().isEmpty() ? "" : " (" + failed.detail() + ")")
                    : message(cause);
            RuntimeError error = new RuntimeError.StartContainerFailed(container, why);
            LOG.warn("Failed to start {}: {}", container, error.message());
            reply.complete(Outcome.failed(error));
            finishShutdownIfIdle();
            return;
        }
        context.pid = pid;
        context.startNanos = System.nanoTime();
        byPid.put(pid, context);
        if (shutdownReply != null) {
            LOG.info("Killing {} with SIGKILL: the runtime is shutting down", container);
            signal(context, SIGKILL);
            reply.complete(Outcome.failed(new RuntimeError.StartContainerFailed(container,
                    "the runtime is shutting down")));
            return;
        }
        try {
            context.launched.started(pid);
        } catch (Exception e) {
            LOG.error("Failed to start {}: {}", container, message(e));
            signal(context, SIGKILL);
            reply.complete(Outcome.failed(new RuntimeError.Unexpected(message(e))));
            return;
        }
        LOG.info("Started {} ({}) in {}s", container, pid,
                String.format(Locale.ROOT, "%.3f", (System.nanoTime() - context.createdNanos) / 1e9));
        notify(new Notification.Started(container));
        reply.complete(Outcome.ok(container));
    }

    Outcome<Container> kill(Container container, int signal) {
        if (signal < 1 || signal > 31) {
            return Outcome.failed(new RuntimeError.Unexpected("EINVAL: Invalid argument"));
        }
        if (!containers.containsKey(container)) {
            return Outcome.failed(new RuntimeError.InvalidContainer(container));
        }
        ProcessContext context = processes.get(container);
        if (context == null || !context.running()) {
            return Outcome.failed(new RuntimeError.StopContainerNotStarted(container));
        }
        LOG.info("Killing {} with {}", container, SignalName.of(signal));
        signal(context, signal);
        return Outcome.ok(container);
    }

    private void signal(ProcessContext context, int signal) {
        launcher.orElseThrow().kill(context.pid, signal).whenComplete((ok, failure) -> {
            // ESRCH: the container is gone already; its exit is on the way.
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause != null && !(cause instanceof SyscallException e && e.errno() == ESRCH)) {
                LOG.error("Failed to signal {} with {}: {}", context.container, SignalName.of(signal), message(failure));
            }
        });
    }

    /** A container's init was reaped (docs/runtime.md, "Exit"). */
    void exited(Pid pid, ExitStatus status) {
        ProcessContext context = byPid.remove(pid);
        if (context == null) {
            LOG.debug("Exit of unknown pid {} ({})", pid, status);
            return;
        }
        Container container = context.container;
        processes.remove(container);
        boolean critical = context.critical && shutdownReply == null;
        String text = SignalName.describe(status);
        String after = String.format(Locale.ROOT, "%.3fs", (System.nanoTime() - context.startNanos) / 1e9);
        if (critical) {
            LOG.error("Critical process {} exited after {} with status {}", container, after, text);
        } else {
            LOG.info("Process {} exited after {} with status {}", container, after, text);
        }
        context.launched.release();
        notify(new Notification.Exited(container, status));
        LOG.info("Container {} exited with status {}", container, text);
        if (critical && !(status instanceof ExitStatus.Exit exit && exit.code() == 0)) {
            fatal.accept("critical container " + container + " exited with status " + text);
        }
        finishShutdownIfIdle();
    }

    /** The forker is gone and every container with it: handle them as exited (status -2, as a lost init). */
    void forkerGone(String reason) {
        if (processes.isEmpty()) {
            return;
        }
        LOG.error("The forker is gone ({}): {} container(s) ended with it", reason, processes.size());
        for (ProcessContext context : List.copyOf(processes.values())) {
            if (context.running()) {
                exited(context.pid, new ExitStatus.Exit(-2));
            }
        }
    }

    /**
     * {@code c_group} notification (only containers with oom_monitor have a monitor). The OOM
     * kill and the monitor's event race: the event may be handled after the exit, and is still
     * reported then.
     */
    void memoryEvent(Container container, MemoryEvent event) {
        if (!containers.containsKey(container)) {
            return;
        }
        LOG.warn("Process {} is out of memory", container);
        notify(new Notification.Memory(container, event));
    }

    // ---- autostart ------------------------------------------------------------------------------

    /**
     * Starts every container with {@code autostart} (docs/runtime.md, "Autostart"). {@code reply} gets
     * the number of autostart containers, or the error of a critical one that failed.
     */
    void autostart(CompletableFuture<Outcome<Integer>> reply) {
        long began = System.nanoTime();
        Map<Container, Autostart> autostart = new TreeMap<>();
        for (Map.Entry<Container, Entry> e : containers.entrySet()) {
            npk(e.getKey(), e.getValue()).npk().manifest().autostart().ifPresent(a -> autostart.put(e.getKey(), a));
        }
        List<Container> toMount = new ArrayList<>();
        for (Map.Entry<Container, Autostart> e : autostart.entrySet()) {
            Container container = e.getKey();
            if (containers.get(container).root == null) {
                toMount.add(container);
            }
            for (Mount.Resource mount : resourceMounts(npk(container, containers.get(container)).npk().manifest())) {
                Optional<Container> resolved = resolve(mount);
                if (resolved.isEmpty()) {
                    RuntimeError error = new RuntimeError.StartContainerMissingResource(container,
                            mount.name().value(), mount.version().toString());
                    if (e.getValue() == Autostart.CRITICAL) {
                        LOG.error("Failed to autostart critical {}: {}", container, error.message());
                        reply.complete(Outcome.failed(error));
                        return;
                    }
                    LOG.warn("Failed to autostart relaxed {}: {}", container, error.message());
                } else if (containers.get(resolved.get()).root == null && !toMount.contains(resolved.get())) {
                    toMount.add(resolved.get());
                }
            }
        }
        mount(toMount);
        Map<Container, CompletableFuture<Outcome<Container>>> starts = new LinkedHashMap<>();
        for (Map.Entry<Container, Autostart> e : autostart.entrySet()) {
            LOG.info("Autostarting {} ({})", e.getKey(), e.getValue() == Autostart.CRITICAL ? "Critical" : "Relaxed");
            CompletableFuture<Outcome<Container>> started = new CompletableFuture<>();
            starts.put(e.getKey(), started);
            start(e.getKey(), StartArguments.NONE, started);
        }
        // The starts are answered on this thread, when the forker's answers are handled.
        CompletableFuture.allOf(starts.values().toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> {
            for (Map.Entry<Container, CompletableFuture<Outcome<Container>>> s : starts.entrySet()) {
                Optional<RuntimeError> error = s.getValue().join().fold(c -> Optional.empty(), Optional::of);
                if (error.isEmpty()) {
                    continue;
                }
                if (autostart.get(s.getKey()) == Autostart.CRITICAL) {
                    LOG.error("Failed to autostart critical {}: {}", s.getKey(), error.get().message());
                    reply.complete(Outcome.failed(error.get()));
                    return;
                }
                LOG.warn("Failed to autostart relaxed {}: {}", s.getKey(), error.get().message());
            }
            if (!autostart.isEmpty()) {
                LOG.info("Successfully started {} container(s) in {}s", autostart.size(),
                        String.format(Locale.ROOT, "%.3f", (System.nanoTime() - began) / 1e9));
            }
            reply.complete(Outcome.ok(autostart.size()));
        });
    }

    // ---- notifications --------------------------------------------------------------------------

    void subscribe(Notification.Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    void unsubscribe(Notification.Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    private void notify(Notification notification) {
        subscribers.removeIf(subscriber -> !subscriber.offer(notification));
    }

    // ---- shutdown -------------------------------------------------------------------------------

    /**
     * Orderly shutdown (docs/runtime.md, "Shutdown"): SIGTERM to every container, SIGKILL to what is
     * left after the grace period, then, once every exit has been handled, umount everything and
     * release the forker, the cgroups and the repositories. {@code reply} completes at the end.
     */
    void shutdown(CompletableFuture<Void> reply) {
        if (shutdownReply != null) {
            shutdownReply.whenComplete((ok, failure) -> reply.complete(null));
            return;
        }
        shutdownReply = reply;
        List<ProcessContext> running = processes.values().stream().filter(ProcessContext::running).toList();
        for (ProcessContext context : running) {
            LOG.info("Killing {} with SIGTERM", context.container);
            signal(context, SIGTERM);
        }
        if (!processes.isEmpty()) {
            LOG.info("Waiting up to {} ms for {} container(s) to exit", shutdownGrace.toMillis(), processes.size());
            timer.schedule(() -> post.accept(new Event.ShutdownGrace()), shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
        }
        finishShutdownIfIdle();
    }

    void shutdownGrace() {
        if (shutDown) {
            return;
        }
        for (ProcessContext context : processes.values()) {
            if (context.running()) {
                LOG.warn("Killing {} with SIGKILL: still running after the grace period", context.container);
                signal(context, SIGKILL);
            }
        }
    }

    private void finishShutdownIfIdle() {
        if (shutdownReply == null || shutDown || !processes.isEmpty()) {
            return;
        }
        List<Container> mounted = containers.entrySet().stream().filter(e -> e.getValue().root != null)
                .map(Map.Entry::getKey).sorted().toList();
        for (Outcome<Container> result : umount(mounted)) {
            result.fold(ok -> null, error -> {
                LOG.error("Shutdown: {}", error.message());
                return null;
            });
        }
        launcher.ifPresent(l -> {
            try {
                l.close();
            } catch (RuntimeException e) {
                LOG.error("Shutdown: {}", message(e));
            }
        });
        repositories.values().forEach(Repository::close);
        subscribers.clear();
        workers.shutdownNow();
        timer.shutdownNow();
        shutDown = true;
        shutdownReply.complete(null);
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
