package io.northstar.runtime.launch;

import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.console.LogLine;
import io.northstar.manifest.Io;
import io.northstar.manifest.Manifest;
import io.northstar.runtime.cgroups.CgroupException;
import io.northstar.runtime.cgroups.CgroupHandle;
import io.northstar.runtime.cgroups.CgroupManager;
import io.northstar.runtime.cgroups.CgroupSettings;
import io.northstar.runtime.cgroups.MemoryEvent;
import io.northstar.runtime.console.ConnectionOptions;
import io.northstar.runtime.console.ContainerConsoles;
import io.northstar.runtime.debug.DebugCommands;
import io.northstar.runtime.fork.Forker;
import io.northstar.runtime.fork.Pid;
import io.northstar.runtime.logs.ContainerLogs;
import io.northstar.runtime.logs.LogRun;
import io.northstar.runtime.sandbox.ContainerFd;
import io.northstar.runtime.sandbox.LaunchPlan;
import io.northstar.runtime.sandbox.LaunchPlanException;
import io.northstar.runtime.sandbox.LaunchPlanner;
import io.northstar.runtime.sandbox.PersistDir;
import io.northstar.runtime.sandbox.SandboxDirs;
import io.northstar.runtime.sandbox.StartArguments;
import io.northstar.runtime.seccomp.BpfProgram;
import io.northstar.runtime.seccomp.DefaultSeccomp;
import io.northstar.runtime.seccomp.ManifestSeccomp;
import io.northstar.runtime.seccomp.SeccompException;
import io.northstar.runtime.state.Launcher;
import io.northstar.console.ConsoleError;
import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.UnixSockets;
import io.northstar.seccomp.SeccompArchitecture;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's {@link Launcher}: per start it creates the container's cgroup, prepares the
 * persist directory, opens stdio, the console pair and the manifest sockets, compiles the seccomp
 * filter, plans the sandbox and hands plan and descriptors to the forker (docs/runtime.md, "Starting a container",
 * "Container console", "Debug commands"; docs/sandbox.md, "Launch plan"). Everything it made is undone when the start
 * fails and after the exit.
 */
public final class ContainerLauncher implements Launcher {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerLauncher.class);
    private static final OutputStream STDOUT = new FileOutputStream(FileDescriptor.out);
    private static final OutputStream STDERR = new FileOutputStream(FileDescriptor.err);

    private final Forker forker;
    private final CgroupManager cgroups;
    private final SandboxDirs dirs;
    private final LaunchPlanner planner;
    private final DebugCommands debug;
    private final ContainerConsoles consoles;
    private final ConnectionOptions consoleOptions;
    private final int maxOutputLine;
    private final ContainerLogs logs;
    private final DefaultSeccomp defaultSeccomp;
    private final SeccompArchitecture architecture = SeccompArchitecture.host();

    public ContainerLauncher(Forker forker, CgroupManager cgroups, SandboxDirs dirs, LaunchPlanner planner,
            DebugCommands debug, ContainerConsoles consoles, ConnectionOptions consoleOptions, int maxOutputLine,
            DefaultSeccomp defaultSeccomp, ContainerLogs logs) {
        this.forker = forker;
        this.cgroups = cgroups;
        this.dirs = dirs;
        this.planner = planner;
        this.debug = debug;
        this.consoles = consoles;
        this.consoleOptions = consoleOptions;
        this.maxOutputLine = maxOutputLine;
        this.logs = logs;
        this.defaultSeccomp = defaultSeccomp;
    }

    /** What one start made; released in reverse order of creation. */
    private final class Resources {
        final Container container;
        CgroupHandle cgroup;
        NativeFd devNull;
        final List<NativeFd> containerEnds = new ArrayList<>();
        final List<OutputPump> pumps = new ArrayList<>();
        LogRun logRun;
        Optional<ContainerConsoles.Opened> console = Optional.empty();
        ManifestSockets sockets;

        Resources(Container container) {
            this.container = container;
        }

        /** The runtime's copies of what the container got: the forker has its own now. */
        void closeContainerEnds() {
            containerEnds.forEach(NativeFd::closeQuietly);
            if (devNull != null) {
                devNull.closeQuietly();
            }
            console.ifPresent(c -> c.containerEnd().closeQuietly());
            if (sockets != null) {
                sockets.closeDescriptors();
            }
        }

        void release() {
            closeContainerEnds();
            console.ifPresent(ContainerConsoles.Opened::close);
            pumps.forEach(OutputPump::close);
            if (logRun != null) {
                // After the pumps: all the run's output is in when its followers hear the end.
                logRun.end();
            }
            if (sockets != null) {
                sockets.close();
            }
            if (cgroup != null) {
                try {
                    cgroups.destroy(cgroup);
                } catch (CgroupException e) {
                    LOG.error("Removing the cgroup of {}: {}", container, e.getMessage());
                }
            }
        }
    }

    @Override
    public Launched launch(Manifest manifest, StartArguments start, Map<Name, Container> resources,
            Consumer<MemoryEvent> memoryEvents) throws LaunchException {
        Container container = manifest.container();
        Resources made = new Resources(container);
        try {
            made.cgroup = cgroups.create(container.name().value(), CgroupSettings.of(manifest, pids(manifest)),
                    memoryEvents);
            PersistDir.prepare(dirs, manifest);
            made.devNull = NativeFd.open("/dev/null", NativeFd.O_RDWR);
            // Every start is a run, piped or not: a follower of it hears its end.
            made.logRun = logs.begin(container);
            Io io = manifest.io().orElse(new Io(Io.Output.DISCARD, Io.Output.DISCARD));
            NativeFd stdout = output(made, io.stdout(), LogLine.Stream.STDOUT, STDOUT);
            NativeFd stderr = output(made, io.stderr(), LogLine.Stream.STDERR, STDERR);
            if (manifest.console().isPresent()) {
                made.console = Optional.of(consoles.open(container, manifest.console().get().permissions(),
                        consoleOptions));
            }
            made.sockets = ManifestSockets.create(manifest, dirs.socketDir());
            Optional<BpfProgram> seccomp = ManifestSeccomp.filter(manifest, architecture, defaultSeccomp);
            LaunchPlan plan = planner.plan(manifest, start, resources, made.cgroup.procsFiles(), seccomp);
            List<NativeFd> fds = new ArrayList<>();
            for (ContainerFd fd : plan.fds()) {
                fds.add(descriptor(fd, made, stdout, stderr));
            }
            forker.start(plan, fds);
            made.closeContainerEnds();
            return new Started(made);
        } catch (LaunchPlanException e) {
            made.release();
            Optional<LaunchPlanException.MissingResource> missing = e.missingResource();
            ConsoleError error = missing.isPresent()
                    ? new ConsoleError.StartContainerMissingResource(container,
                            missing.get().resource().name(), missing.get().resource().version().toString())
                    : new ConsoleError.StartContainerFailed(container, e.getMessage());
            throw new LaunchException(error, e);
        } catch (CgroupException | SeccompException e) {
            made.release();
            throw new LaunchException(new ConsoleError.StartContainerFailed(container, e.getMessage()), e);
        } catch (IOException | RuntimeException e) {
            made.release();
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new LaunchException(new ConsoleError.Unexpected(message), e);
        }
    }

    /** The manifest's {@code cgroups.pids}, an extension of this runtime. */
    private static CgroupSettings.Pids pids(Manifest manifest) {
        return manifest.cgroups().flatMap(c -> c.pids()).map(p -> new CgroupSettings.Pids(p.max())).orElse(null);
    }

    /** The container's end of stdout or stderr; the runtime's end is pumped (pipe, inherit). */
    private NativeFd output(Resources made, Io.Output output, LogLine.Stream stream, OutputStream inherit)
            throws IOException {
        if (output == Io.Output.DISCARD) {
            return made.devNull;
        }
        // A stream socket pair, as Northstar: the container sees a socket at fd 1/2.
        NativeFd[] pair = UnixSockets.socketPair(UnixSockets.SOCK_STREAM, stream.wireName() + " of " + made.container);
        made.containerEnds.add(pair[1]);
        made.pumps.add(output == Io.Output.PIPE
                ? OutputPump.lines(pair[0], made.container, stream, maxOutputLine, made.logRun)
                : OutputPump.raw(pair[0], made.container, stream.wireName(), inherit));
        return pair[1];
    }

    private static NativeFd descriptor(ContainerFd fd, Resources made, NativeFd stdout, NativeFd stderr) {
        return switch (fd) {
            case ContainerFd.Stdin in -> made.devNull;
            case ContainerFd.Stdout out -> stdout;
            case ContainerFd.Stderr err -> stderr;
            case ContainerFd.Console console -> made.console.orElseThrow(() -> new IllegalStateException(
                    "plan has a console fd, " + made.container + " has no console")).containerEnd();
            case ContainerFd.Socket socket -> made.sockets.fd(socket.name());
        };
    }

    private final class Started implements Launched {
        private final Resources made;
        private boolean released;

        Started(Resources made) {
            this.made = made;
        }

        @Override
        public Map<String, Object> statistics() {
            return cgroups.statistics(made.cgroup).toJson();
        }

        @Override
        public void started(Pid pid) throws IOException {
            debug.spawn(pid.value(), made.container);
        }

        @Override
        public synchronized void release() {
            if (!released) {
                released = true;
                made.release();
            }
        }
    }

    @Override
    public void kill(Pid pid, int signal) {
        forker.kill(pid, signal);
    }

    @Override
    public void close() {
        forker.close();
        try {
            cgroups.close();
        } catch (CgroupException e) {
            LOG.error("Shutdown: {}", e.getMessage());
        }
    }
}
