package io.northstar.runtime;

import io.northstar.manifest.ConsolePermission;
import io.northstar.npk.key.VerifyingKey;
import io.northstar.runtime.cgroups.CgroupException;
import io.northstar.runtime.cgroups.CgroupManager;
import io.northstar.runtime.config.Config;
import io.northstar.runtime.config.DebugConfig;
import io.northstar.runtime.console.ContainerConsoles;
import io.northstar.runtime.debug.DebugCommands;
import io.northstar.runtime.fork.Forker;
import io.northstar.runtime.launch.ContainerLauncher;
import io.northstar.runtime.sandbox.HostView;
import io.northstar.runtime.sandbox.LaunchPlanner;
import io.northstar.runtime.sandbox.SandboxDirs;
import io.northstar.runtime.token.TokenAuthority;
import io.northstar.runtime.config.ConsoleOptions;
import io.northstar.runtime.config.GlobalConsole;
import io.northstar.runtime.config.RepositoryConfig;
import io.northstar.runtime.config.RepositoryType;
import io.northstar.runtime.console.ConnectionOptions;
import io.northstar.runtime.console.ConsoleServer;
import io.northstar.runtime.logs.ContainerLogs;
import io.northstar.runtime.repository.Capacity;
import io.northstar.runtime.repository.FsRepository;
import io.northstar.runtime.repository.MemRepository;
import io.northstar.runtime.repository.NpkLoader;
import io.northstar.runtime.repository.NpkPackage;
import io.northstar.runtime.repository.SealedImageCheck;
import io.northstar.runtime.repository.Repository;
import io.northstar.runtime.state.ContainerStateMachine;
import io.northstar.runtime.state.Event;
import io.northstar.runtime.state.ErrorText;
import io.northstar.runtime.state.EventLoop;
import io.northstar.runtime.state.LoopConsole;
import io.northstar.runtime.state.Outcome;
import io.northstar.runtime.systemd.ServiceNotifier;
import io.northstar.runtime.systemd.Watchdog;
import io.northstar.runtime.update.Updater;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's life: start (docs/runtime.md, "Start"), serve until a shutdown is asked for (console
 * request or signal), then the orderly shutdown (docs/runtime.md, "Shutdown").
 */
final class Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /** Start failed; the message is what "Runtime exited with" prints. */
    static final class StartFailure extends Exception {
        StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** How long a shutdown waits for containers after SIGTERM before it sends SIGKILL. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final Config config;
    private final ServiceNotifier notifier;
    private final Optional<Watchdog> watchdog;
    private final CountDownLatch shutdownRequested = new CountDownLatch(1);
    private volatile String fatal;
    /** Set when the orderly shutdown begins: from then on the forker's end is expected. */
    private volatile boolean stopping;
    /** The event loop ended without the orderly shutdown: nothing can be posted to it any more. */
    private volatile boolean loopDied;
    private FileLock runDirLock;
    private RootFsMounter mounter;
    private CgroupManager cgroups;
    private Forker forker;
    /** Once the loop runs, the machine owns forker and cgroups and releases them at its shutdown. */
    private boolean loopOwnsProcesses;
    private EventLoop loop;
    private Optional<ConsoleServer> console = Optional.empty();

    Daemon(Config config, ServiceNotifier notifier, Optional<Watchdog> watchdog) {
        this.config = config;
        this.notifier = notifier;
        this.watchdog = watchdog;
    }

    /** Asks for the orderly shutdown; safe from any thread, any number of times. */
    void requestShutdown() {
        shutdownRequested.countDown();
    }

    /**
     * Ends the runtime with an error (docs/runtime.md, "Exit": a critical container exited
     * unsuccessfully). Unlike Northstar, which exits at once, the shutdown is the orderly one (no
     * container, mount or cgroup is left behind); the exit status is 1.
     */
    void fail(String reason) {
        LOG.error("Runtime failure: {}", reason);
        if (fatal == null) {
            fatal = reason;
        }
        requestShutdown();
    }

    /**
     * The machine's way to end the runtime (a critical container failed, the forker died). Once the orderly
     * shutdown has begun, the forker's end is expected and a container's exit is no failure.
     */
    private void failUnlessStopping(String reason) {
        if (!stopping) {
            fail(reason);
        }
    }

    /** Starts, serves until shutdown is requested, shuts down. */
    void run() throws Exception {
        try {
            start();
        } catch (Exception e) {
            notifier.status("Failed to start: " + e.getMessage());
            stop();
            throw e;
        }
        LOG.info("Runtime up and running");
        notifier.ready("Running: " + console.map(c -> "console on " + config.console().global().orElseThrow().bind().url()
                + ", ").orElse("") + "pid " + ProcessHandle.current().pid());
        shutdownRequested.await();
        notifier.stopping(fatal != null ? "Stopping after a failure: " + fatal : "Stopping");
        stop();
        LOG.info("Shutdown complete");
        if (fatal != null) {
            throw new StartFailure(fatal, null);
        }
    }

    private void start() throws Exception {
        for (Path dir : List.of(config.dataDir(), config.runDir(), config.socketDir())) {
            Files.createDirectories(dir);
        }
        config.check();
        runDirLock = Leftovers.lockRunDir(config.runDir());
        notifier.status("Cleaning up after an earlier run");
        Leftovers.clean(config.runDir().toAbsolutePath(), config.socketDir().toAbsolutePath(), config.cgroup().value(),
                config.repositories().values().stream().map(RepositoryConfig::type)
                        .<Path>mapMulti((type, dirs) -> {
                            if (type instanceof RepositoryType.Fs fs) {
                                dirs.accept(fs.dir());
                            }
                        }).toList());
        if (config.console().global().isPresent()
                && config.console().global().get().bind() instanceof io.northstar.runtime.config.ConsoleUrl.Unix unix) {
            Leftovers.checkConsoleSocket(unix.path());
        }
        notifier.status("Opening repositories");
        mounter = new RootFsMounter(config.loopDeviceTimeout(), config.verity());
        Map<String, Repository> repositories = openRepositories();
        Set<String> mountOnStart = config.repositories().entrySet().stream()
                .filter(e -> e.getValue().mountOnStart()).map(Map.Entry::getKey).collect(Collectors.toSet());
        try {
            cgroups = CgroupManager.start(config.cgroup().value());
        } catch (CgroupException e) {
            throw new StartFailure(e.getMessage(), e);
        }
        // Linear: the loop queues from its creation, so the forker, the consoles and the machine can all post to it
        // before it runs.
        loop = new EventLoop((int) Math.min(config.eventBufferSize(), 1 << 20));
        loop.onDeath(this::loopDied);
        watchdog.ifPresent(w -> {
            LOG.info("systemd watchdog: {} ms, pinging every {} ms from the event loop", w.timeout().toMillis(),
                    w.pingInterval().toMillis());
            loop.heartbeat(w.pingInterval(), notifier::watchdog);
        });
        forker = Forker.start(event -> loop.post(new Event.Forker(event)));
        SandboxDirs dirs = SandboxDirs.of(config);
        // The updater drives the machine as a client would (docs/runtime.md, "Updating a container").
        LoopConsole local = new LoopConsole(loop, config.console().options().tokenValidity(), this::requestShutdown);
        Updater updater = new Updater(local, config.updateHealthWindow(), SHUTDOWN_GRACE);
        ContainerConsoles consoles = new ContainerConsoles(loop, dirs.runDir(), updater, this::requestShutdown);
        ContainerLogs logs = new ContainerLogs(config.logs());
        ContainerLauncher launcher = new ContainerLauncher(forker, cgroups, dirs,
                new LaunchPlanner(dirs, HostView.system()),
                new DebugCommands(config.debug().map(DebugConfig::commands).orElse(List.of())), consoles,
                options(config.console().options()), (int) config.maxOutputLineSize(), config.defaultSeccomp(), logs);
        ContainerStateMachine machine = new ContainerStateMachine(new ContainerStateMachine.Setup(repositories,
                mountOnStart, config.runDir(), config.dataDir(), mounter, launcher, TokenAuthority.create(), logs, loop::post,
                this::failUnlessStopping, SHUTDOWN_GRACE,
                ContainerStateMachine.workerPool()));
        loop.start(machine);
        loopOwnsProcesses = true;
        if (config.console().global().isPresent()) {
            GlobalConsole global = config.console().global().get();
            console = Optional.of(ConsoleServer.bind(global.bind(), global,
                    options(global.options()), loop, updater, this::requestShutdown));
        }
        notifier.status("Mounting");
        CompletableFuture<Outcome<Integer>> mounted = new CompletableFuture<>();
        loop.post(new Event.MountOnStart(mounted));
        Optional<String> failure = mounted.get().fold(n -> Optional.empty(), e -> Optional.of(ErrorText.of(e)));
        if (failure.isPresent()) {
            throw new StartFailure("mount_on_start failed: " + failure.get(), null);
        }
        notifier.status("Starting autostart containers");
        CompletableFuture<Outcome<Integer>> autostarted = new CompletableFuture<>();
        loop.post(new Event.Autostart(autostarted));
        failure = autostarted.get().fold(n -> Optional.empty(), e -> Optional.of(ErrorText.of(e)));
        if (failure.isPresent()) {
            throw new StartFailure("autostart failed: " + failure.get(), null);
        }
        console.ifPresent(ConsoleServer::start);
    }

    /** Opens all repositories at once: loading an fs repository reads every NPK it holds. */
    private Map<String, Repository> openRepositories() throws Exception {
        Map<String, Future<Repository>> opening = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, config.repositories().size()),
                r -> new Thread(r, "open-repository"));
        try {
            for (Map.Entry<String, RepositoryConfig> entry : config.repositories().entrySet()) {
                String id = entry.getKey();
                RepositoryConfig repository = entry.getValue();
                Optional<VerifyingKey> key = Optional.empty();
                if (repository.key().isPresent()) {
                    try {
                        key = Optional.of(VerifyingKey.read(repository.key().get()));
                    } catch (Exception e) {
                        throw new StartFailure("repository " + id + ": failed to load key " + repository.key().get()
                                + ": " + e.getMessage(), e);
                    }
                }
                NpkLoader loader = NpkPackage.loader(key);
                boolean verified = key.isPresent();
                Capacity capacity = new Capacity(
                        repository.capacityNum().isPresent()
                                ? OptionalInt.of((int) Math.min(Integer.MAX_VALUE, repository.capacityNum().getAsLong()))
                                : OptionalInt.empty(),
                        repository.capacitySize());
                SealedImageCheck check = verified ? mounter.sealedImageCheck() : SealedImageCheck.NONE;
                opening.put(id, pool.submit(() -> open(id, repository.type(), verified, capacity, loader, check)));
            }
            Map<String, Repository> repositories = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Repository>> entry : opening.entrySet()) {
                try {
                    repositories.put(entry.getKey(), entry.getValue().get());
                } catch (ExecutionException e) {
                    repositories.values().forEach(Repository::close);
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
                LOG.info("Repository {}: {} container(s)", entry.getKey(), repositories.get(entry.getKey()).npks().size());
            }
            return repositories;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Repository open(String id, RepositoryType type, boolean verified, Capacity capacity,
            NpkLoader loader, SealedImageCheck check) throws Exception {
        // The config model has two kinds; the directory is the only thing an fs repository adds.
        Optional<Path> dir = RepositoryType.Fs.class.isInstance(type)
                ? Optional.of(RepositoryType.Fs.class.cast(type).dir()) : Optional.empty();
        if (dir.isPresent()) {
            return FsRepository.open(id, dir.get(), verified, capacity, loader);
        }
        return new MemRepository(id, verified, capacity, loader, check);
    }

    private ConnectionOptions options(ConsoleOptions options) {
        return ConnectionOptions.of(options, config.notificationBufferSize());
    }

    /** The event loop ended by an Error: the runtime ends with an error, as orderly as still possible. */
    private void loopDied(Throwable cause) {
        loopDied = true;
        fail("the event loop died: " + cause);
    }

    /** Orderly shutdown: console first, then containers, umount everything, then the devices. */
    private void stop() {
        stopping = true;
        console.ifPresent(ConsoleServer::close);
        if (loopDied) {
            // Nobody handles events any more. Closing the forker kills every container; mounts go with
            // the runtime's mount namespace, and the next start removes the cgroups (Leftovers).
            LOG.error("Shutdown without the event loop: containers are killed, cgroups are left to the next start");
            if (forker != null) {
                forker.close();
            }
        } else if (!loopOwnsProcesses) {
            if (forker != null) {
                forker.close();
            }
            if (cgroups != null) {
                try {
                    cgroups.close();
                } catch (CgroupException e) {
                    LOG.error("Shutdown: {}", e.getMessage());
                }
            }
        }
        if (loop != null && loopOwnsProcesses && !loopDied) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loop.post(new Event.Shutdown(done));
            try {
                done.get();
                loop.terminated().get();
            } catch (Exception e) {
                LOG.error("Shutdown: {}", e.toString());
            }
        }
        if (mounter != null) {
            try {
                mounter.close();
            } catch (Exception e) {
                LOG.error("Shutdown: closing loop and device-mapper control: {}", e.toString());
            }
        }
        if (runDirLock != null) {
            try {
                runDirLock.channel().close();
            } catch (java.io.IOException e) {
                LOG.debug("Closing the run_dir lock: {}", e.toString());
            }
        }
        notifier.close();
    }
}
