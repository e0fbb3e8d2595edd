package io.northstar.runtime.state;

import io.northstar.common.Container;
import io.northstar.runtime.repository.Repository;
import io.northstar.runtime.repository.RepositoryException;
import io.northstar.runtime.repository.Staged;
import io.northstar.runtime.repository.Staging;
import io.northstar.runtime.repository.StoredNpk;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All container state of the runtime (container-lifecycle §2). Only the event loop thread calls
 * it, so nothing here is synchronised. Long operations (mounting) run on a worker pool, but the
 * loop waits for them, which keeps the observable serialisation of Northstar.
 */
public final class ContainerStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerStateMachine.class);

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
    private boolean shutDown;

    /**
     * @param repositories in configuration order; containers found in an earlier repository win
     *                     over the same id in a later one
     */
    public ContainerStateMachine(Map<String, Repository> repositories, Set<String> mountOnStart, Path runDir,
            Path dataDir, Mounter mounter) {
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
        return Outcome.ok(new ContainerInfo(container, npk(container, entry).npk(), entry.repository,
                entry.root != null));
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
            if (entry.root == null || !inThisRequest.add(container)) {
                results.add(Outcome.failed(new RuntimeError.UmountBusy(container)));
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
        LOG.info("Uninstalled {}", container);
        notify(new Notification.Uninstalled(container));
        return Outcome.ok(container);
    }

    private void wipe(Container container) {
        String name = container.name().value();
        // "." and ".." are valid names, but <data_dir>/.. is not this container's data.
        if (name.equals(".") || name.equals("..")) {
            LOG.warn("Not wiping data of {}: its name does not denote a directory of its own", container);
            return;
        }
        Path dir = dataDir.resolve(name);
        if (!Files.exists(dir)) {
            return;
        }
        LOG.info("Wiping persistent data dir {} of {}", dir, container);
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.error("Failed to wipe {} of {}: {}", dir, container, e.toString());
        }
    }

    // ---- start / kill ---------------------------------------------------------------------------

    Outcome<Container> start(Container container, boolean withInit, Map<String, String> environment) {
        Entry entry = containers.get(container);
        if (entry == null) {
            return Outcome.failed(new RuntimeError.InvalidContainer(container));
        }
        LOG.info("Trying to start {}", container);
        if (environment.keySet().stream().anyMatch(RESERVED_ENV::contains)) {
            return Outcome.failed(new RuntimeError.InvalidArguments(RESERVED_ENV_CAUSE));
        }
        if (!withInit && npk(container, entry).npk().resource()) {
            return Outcome.failed(new RuntimeError.StartContainerResource(container));
        }
        // No process can be created until the forker is part of the runtime.
        return Outcome.failed(new RuntimeError.StartContainerFailed(container,
                "starting containers is not supported by this build of the runtime (no forker)"));
    }

    Outcome<Container> kill(Container container, int signal) {
        if (signal < 1 || signal > 31) {
            return Outcome.failed(new RuntimeError.Unexpected("EINVAL: Invalid argument"));
        }
        if (!containers.containsKey(container)) {
            return Outcome.failed(new RuntimeError.InvalidContainer(container));
        }
        // Nothing can be started yet, so nothing can be killed.
        return Outcome.failed(new RuntimeError.StopContainerNotStarted(container));
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

    void shutdown() {
        List<Container> mounted = containers.entrySet().stream().filter(e -> e.getValue().root != null)
                .map(Map.Entry::getKey).sorted().toList();
        for (Outcome<Container> result : umount(mounted)) {
            result.fold(ok -> null, error -> {
                LOG.error("Shutdown: {}", error.message());
                return null;
            });
        }
        repositories.values().forEach(Repository::close);
        subscribers.clear();
        workers.shutdownNow();
        shutDown = true;
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
