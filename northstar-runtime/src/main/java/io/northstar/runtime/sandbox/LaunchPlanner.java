package io.northstar.runtime.sandbox;

import static io.northstar.runtime.sandbox.MountCall.MS_BIND;
import static io.northstar.runtime.sandbox.MountCall.MS_NODEV;
import static io.northstar.runtime.sandbox.MountCall.MS_NOEXEC;
import static io.northstar.runtime.sandbox.MountCall.MS_NOSUID;
import static io.northstar.runtime.sandbox.MountCall.MS_RDONLY;
import static io.northstar.runtime.sandbox.MountCall.MS_REC;

import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.common.NonNulString;
import io.northstar.manifest.Manifest;
import io.northstar.manifest.Mount;
import io.northstar.manifest.MountOption;
import io.northstar.manifest.Network;
import io.northstar.manifest.RLimitResource;
import io.northstar.manifest.RLimitValue;
import io.northstar.manifest.SchedPolicy;
import io.northstar.runtime.seccomp.BpfProgram;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the {@link LaunchPlan} of a container start from its manifest,
 * the start request and the runtime's directories (process-sandbox.md §2.1,
 * §4.4, §7; container-lifecycle.md §10). Pure apart from the injected
 * {@link HostView}.
 */
public final class LaunchPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(LaunchPlanner.class);

    static final List<String> RESERVED_ENV =
            List.of("NORTHSTAR_NAME", "NORTHSTAR_VERSION", "NORTHSTAR_CONTAINER", "NORTHSTAR_CONSOLE");
    static final Path NETNS_DIR = Path.of("/run/netns");
    static final Path SELINUX_ENFORCE = Path.of("/sys/fs/selinux/enforce");

    private final SandboxDirs dirs;
    private final HostView host;

    public LaunchPlanner(SandboxDirs dirs, HostView host) {
        this.dirs = dirs;
        this.host = host;
    }

    /**
     * @param resources   the resolved container of every resource name the
     *                    manifest mounts (resolution is the runtime's job)
     * @param cgroupProcs cgroup.procs files of the container's cgroup
     * @param seccomp     the compiled filter, if the manifest has one
     */
    public LaunchPlan plan(Manifest manifest, StartArguments start, Map<Name, Container> resources,
            List<Path> cgroupProcs, Optional<BpfProgram> seccomp) throws LaunchPlanException {
        Container container = manifest.container();
        Path root = dirs.root(container);

        String init = init(manifest, start);
        List<String> argv = new ArrayList<>();
        argv.add(init);
        if (!start.arguments().isEmpty()) {
            argv.addAll(start.arguments());
        } else {
            manifest.args().forEach(a -> argv.add(a.value()));
        }

        List<ContainerFd> fds = new ArrayList<>(
                List.of(new ContainerFd.Stdin(), new ContainerFd.Stdout(), new ContainerFd.Stderr()));
        if (manifest.console().isPresent()) {
            fds.add(new ContainerFd.Console());
        }
        manifest.sockets().keySet().stream().map(NonNulString::value).sorted()
                .forEach(name -> fds.add(new ContainerFd.Socket(name)));

        return new LaunchPlan(container, root, init, argv, env(manifest, start, fds), manifest.uid(), manifest.gid(),
                supplementaryGids(manifest), network(manifest), cgroupProcs,
                mounts(manifest, root, resources), rlimits(manifest), scheduling(manifest),
                CapabilitySets.exactly(manifest.capabilities()), true, selinuxExec(manifest), seccomp, fds);
    }

    private Optional<String> selinuxExec(Manifest manifest) {
        if (!host.exists(SELINUX_ENFORCE)) {
            return Optional.empty();
        }
        return manifest.selinux().flatMap(s -> s.exec()).map(NonNulString::value);
    }

    private static String init(Manifest manifest, StartArguments start) throws LaunchPlanException {
        Optional<String> manifestInit = manifest.init().map(NonNulString::value);
        if (start.init().isPresent()) {
            String requested = start.init().get();
            return manifestInit.map(i -> requested.replace("<INIT>", i)).orElse(requested);
        }
        return manifestInit.orElseThrow(
                () -> new LaunchPlanException(manifest.container() + " is a resource container and has no init"));
    }

    private static List<String> env(Manifest manifest, StartArguments start, List<ContainerFd> fds)
            throws LaunchPlanException {
        for (String key : start.environment().keySet()) {
            if (RESERVED_ENV.contains(key)) {
                throw new LaunchPlanException("env contains reserved key NORTHSTAR_NAME or NORTHSTAR_VERSION"
                        + " or NORTHSTAR_CONTAINER or NORTHSTAR_CONSOLE");
            }
        }
        Map<String, String> vars = new LinkedHashMap<>();
        if (!start.environment().isEmpty()) {
            vars.putAll(start.environment());
        } else {
            manifest.env().forEach((k, v) -> vars.put(k.value(), v.value()));
        }
        List<String> env = new ArrayList<>();
        vars.forEach((k, v) -> env.add(k + "=" + v));
        env.add("NORTHSTAR_CONTAINER=" + manifest.container());
        env.add("NORTHSTAR_NAME=" + manifest.name());
        env.add("NORTHSTAR_VERSION=" + manifest.version());
        // fd numbers are fixed by the plan's order (the forker dup2s fd i to i)
        for (int i = 0; i < fds.size(); i++) {
            int number = i;
            fds.get(i).envName().ifPresent(name -> env.add(name + "=" + number));
        }
        return env;
    }

    private List<Integer> supplementaryGids(Manifest manifest) {
        List<Integer> gids = new ArrayList<>();
        for (NonNulString group : manifest.supplGroups()) {
            OptionalInt gid = host.groupId(group.value());
            if (gid.isPresent()) {
                gids.add(gid.getAsInt());
            } else {
                LOG.warn("Skipping invalid supplementary group {}", group.value());
            }
        }
        return gids;
    }

    private static NetworkPlan network(Manifest manifest) {
        if (manifest.network().isEmpty()) {
            return new NetworkPlan.Fresh();
        }
        Network network = manifest.network().get();
        return switch (network.kind()) {
            case HOST -> new NetworkPlan.Host();
            // a missing namespace fails the start in init ("open netns: ENOENT");
            // the Rust runtime silently stayed in the runtime's namespace
            case NAMESPACE -> new NetworkPlan.Join(
                    NETNS_DIR.resolve(((Network.Namespace) network).name().value()));
        };
    }

    private List<MountCall> mounts(Manifest manifest, Path root, Map<Name, Container> resources)
            throws LaunchPlanException {
        List<MountCall> calls = new ArrayList<>();
        // pivot_root needs the root to be a mount point; the recursive self
        // bind is a no-op view of an already mounted image
        calls.add(MountCall.bind(root, root, MS_REC));

        // sorted by mount point (Rust: hash order): parents before children
        List<Map.Entry<NonNulString, Mount>> entries = new ArrayList<>(manifest.mounts().entrySet());
        entries.sort(Comparator.comparing(e -> e.getKey().value()));
        for (Map.Entry<NonNulString, Mount> entry : entries) {
            Path target = target(root, entry.getKey().value());
            Mount mount = entry.getValue();
            switch (mount.type()) {
                case BIND -> {
                    Mount.Bind bind = (Mount.Bind) mount;
                    Path host = Path.of(bind.host().value());
                    if (!this.host.exists(host)) {
                        LOG.debug("Skipping bind mount of nonexistent source {} to {}", host, target);
                        continue;
                    }
                    long opts = options(bind.options());
                    calls.add(MountCall.bind(host, target, opts & MS_REC));
                    // per-mount flags only take effect on the remount; unlike
                    // the Rust runtime, rw binds get their nosuid/nodev/noexec too
                    long remount = opts & ~MS_REC | (bind.isReadWrite() ? 0 : MS_RDONLY);
                    if (remount != 0) {
                        calls.add(MountCall.remountBind(host, target, remount));
                    }
                }
                case PERSIST -> {
                    Path dir = dirs.persistDir(manifest.name());
                    calls.add(MountCall.bind(dir, target, 0));
                    calls.add(MountCall.remountBind(dir, target, MS_NODEV | MS_NOSUID | MS_NOEXEC));
                }
                case PROC -> calls.add(MountCall.filesystem("proc", target, "proc",
                        MS_RDONLY | MS_NOSUID | MS_NOEXEC | MS_NODEV, Optional.empty()));
                case SYSFS -> calls.add(MountCall.filesystem("sysfs", target, "sysfs",
                        MS_RDONLY | MS_NOSUID | MS_NOEXEC | MS_NODEV, Optional.empty()));
                case SOCKETS -> calls.add(MountCall.bind(dirs.socketDir(), target, 0));
                case TMPFS -> calls.add(MountCall.filesystem("tmpfs", target, "tmpfs",
                        MS_NODEV | MS_NOSUID | MS_NOEXEC,
                        Optional.of("size=" + ((Mount.Tmpfs) mount).size() + ",mode=1777")));
                case RESOURCE -> {
                    Mount.Resource r = (Mount.Resource) mount;
                    Container resource = resources.get(r.name());
                    if (resource == null) {
                        throw new LaunchPlanException("resource " + r.name() + " " + r.version() + " of "
                                + manifest.container() + " is not resolved");
                    }
                    String dir = r.dir().value();
                    Path source = dirs.root(resource).resolve(stripRoot(dir));
                    if (!host.exists(source)) {
                        throw new LaunchPlanException("directory " + dir + " does not exist in resource " + resource,
                                new LaunchPlanException.MissingResource(resource, dir));
                    }
                    long opts = options(r.options()) & ~MS_REC;
                    calls.add(MountCall.bind(source, target, opts | MS_RDONLY));
                    calls.add(MountCall.remountBind(source, target, opts | MS_RDONLY));
                }
                case DEV -> {
                    // device nodes come from the image (the packer creates them)
                }
            }
        }
        return calls;
    }

    private static long options(Set<MountOption> options) {
        long flags = 0;
        for (MountOption o : options) {
            flags |= switch (o) {
                case NOEXEC -> MS_NOEXEC;
                case NOSUID -> MS_NOSUID;
                case NODEV -> MS_NODEV;
                case REC -> MS_REC;
                case RW -> 0;
            };
        }
        return flags;
    }

    private static String stripRoot(String path) {
        int i = 0;
        while (i < path.length() && path.charAt(i) == '/') {
            i++;
        }
        return path.substring(i);
    }

    /** The host-side path of a mount point; never outside the root. */
    static Path target(Path root, String mountPoint) throws LaunchPlanException {
        Path relative = Path.of(stripRoot(mountPoint));
        for (Path part : relative) {
            if (part.toString().equals("..")) {
                throw new LaunchPlanException("mount point " + mountPoint + " leaves the container root");
            }
        }
        return root.resolve(relative).normalize();
    }

    private static List<Rlimit> rlimits(Manifest manifest) {
        List<Rlimit> limits = new ArrayList<>();
        for (Map.Entry<RLimitResource, RLimitValue> e : manifest.rlimits().entrySet()) {
            limits.add(new Rlimit(e.getKey().linuxResource(), e.getValue().soft().orElse(Rlimit.INFINITY),
                    e.getValue().hard().orElse(Rlimit.INFINITY)));
        }
        return limits;
    }

    private static Optional<Scheduling> scheduling(Manifest manifest) {
        return manifest.sched().map(sched -> {
            SchedPolicy policy = sched.policy();
            int linux = policy.kind().linuxPolicy();
            return switch (policy.kind()) {
                // nice via setpriority(2), checked properly (Rust only accepted a resulting nice of 0)
                case OTHER -> new Scheduling(linux, 0, OptionalInt.of(((SchedPolicy.Other) policy).nice()));
                case BATCH -> new Scheduling(linux, 0, OptionalInt.of(((SchedPolicy.Batch) policy).nice()));
                case FIFO -> new Scheduling(linux, (int) ((SchedPolicy.Fifo) policy).priority(), OptionalInt.empty());
                case ROUND_ROBIN ->
                        new Scheduling(linux, (int) ((SchedPolicy.RoundRobin) policy).priority(), OptionalInt.empty());
                case IDLE, DEADLINE -> new Scheduling(linux, 0, OptionalInt.empty());
            };
        });
    }
}
