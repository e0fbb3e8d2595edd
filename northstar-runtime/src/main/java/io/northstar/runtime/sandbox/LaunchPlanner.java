package io.northstar.runtime.sandbox;

import static io.northstar.runtime.sys.Mounts.MS_NODEV;
import static io.northstar.runtime.sys.Mounts.MS_NOEXEC;
import static io.northstar.runtime.sys.Mounts.MS_NOSUID;
import static io.northstar.runtime.sys.Mounts.MS_RDONLY;
import static io.northstar.runtime.sys.Mounts.MS_REC;
import static io.northstar.runtime.sys.Mounts.MS_REMOUNT;

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
import io.northstar.runtime.seccomp.InitSeccomp;
import io.northstar.seccomp.SeccompArchitecture;
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
 * the start request and the runtime's directories (docs/sandbox.md, "Launch plan", "Mounts", "File descriptors and
 * environment"; docs/runtime.md, "Starting a container"). Pure apart from the injected {@link HostView}.
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
                CapabilitySets.exactly(manifest.capabilities()), true, selinuxExec(manifest), seccomp,
                InitSeccomp.program(SeccompArchitecture.host()), fds);
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
        return switch (network) {
            case Network.Host host -> new NetworkPlan.Host();
            // a missing namespace fails the start in init ("open netns: ENOENT");
            // the Rust runtime silently stayed in the runtime's namespace
            case Network.Namespace namespace -> new NetworkPlan.Join(NETNS_DIR.resolve(namespace.name().value()));
        };
    }

    /** Files of /proc that leak host information or act on the host (runc's masked paths). */
    static final List<String> MASKED_PROC_FILES = List.of("kcore", "keys", "latency_stats", "timer_list",
            "timer_stats", "sched_debug", "sysrq-trigger");
    static final List<String> MASKED_PROC_DIRS = List.of("acpi", "asound", "scsi");
    static final List<String> MASKED_SYS_DIRS = List.of("firmware", "devices/virtual/powercap");
    /** The device nodes of a {@code dev} mount: name, major, minor (the set the NPK packer creates). */
    static final List<MountSource.CharDevice> DEVICES = List.of(
            new MountSource.CharDevice(Path.of("/dev/null"), 1, 3),
            new MountSource.CharDevice(Path.of("/dev/zero"), 1, 5),
            new MountSource.CharDevice(Path.of("/dev/full"), 1, 7),
            new MountSource.CharDevice(Path.of("/dev/random"), 1, 8),
            new MountSource.CharDevice(Path.of("/dev/urandom"), 1, 9),
            new MountSource.CharDevice(Path.of("/dev/tty"), 5, 0));
    /** The flags every image (root and resources) is seen with inside a container. */
    static final long IMAGE_FLAGS = MS_RDONLY | MS_NOSUID | MS_NODEV;

    private List<MountCall> mounts(Manifest manifest, Path root, Map<Name, Container> resources)
            throws LaunchPlanException {
        List<MountCall> calls = new ArrayList<>();
        List<MountCall> last = new ArrayList<>();
        // pivot_root needs the root to be a mount point; the recursive self
        // bind is a view of the already mounted image, which the container
        // sees nodev and nosuid: device nodes come only from a dev mount, and
        // with no_new_privs set-id bits have no effect anyway
        calls.add(MountCall.bind(root, root, MS_REC));
        calls.add(MountCall.remountBind(root, IMAGE_FLAGS));

        // sorted by mount point (Rust: hash order): parents before children
        List<Map.Entry<NonNulString, Mount>> entries = new ArrayList<>(manifest.mounts().entrySet());
        entries.sort(Comparator.comparing(e -> e.getKey().value()));
        for (Map.Entry<NonNulString, Mount> entry : entries) {
            Path target = target(root, entry.getKey().value());
            Mount mount = entry.getValue();
            switch (mount) {
                case Mount.Bind bind -> {
                    Path host = Path.of(bind.host().value());
                    if (!this.host.exists(host)) {
                        LOG.debug("Skipping bind mount of nonexistent source {} to {}", host, target);
                        continue;
                    }
                    long opts = options(bind.options());
                    calls.add(MountCall.bind(host, target, opts & MS_REC).withTarget(MountCall.Target.CREATE));
                    // per-mount flags only take effect on the remount; unlike
                    // the Rust runtime, rw binds get their nosuid/nodev/noexec too
                    long remount = opts & ~MS_REC | (bind.isReadWrite() ? 0 : MS_RDONLY);
                    if (remount != 0) {
                        calls.add(MountCall.remountBind(target, remount));
                    }
                }
                case Mount.Persist persist -> {
                    Path dir = dirs.persistDir(manifest.name());
                    calls.add(MountCall.bind(new MountSource.Beneath(dirs.dataDir(), dirs.dataDir().relativize(dir)), target, 0)
                            .withTarget(MountCall.Target.CREATE));
                    calls.add(MountCall.remountBind(target, MS_NODEV | MS_NOSUID | MS_NOEXEC));
                }
                case Mount.Proc proc -> {
                    calls.add(MountCall.filesystem("proc", target, "proc",
                            MS_RDONLY | MS_NOSUID | MS_NOEXEC | MS_NODEV, Optional.empty())
                            .withTarget(MountCall.Target.CREATE));
                    // the whole procfs is read-only; these are masked against reading
                    for (String file : MASKED_PROC_FILES) {
                        calls.add(MountCall.bind(MountSource.CharDevice.NULL, target.resolve(file), 0)
                                .withTarget(MountCall.Target.OPTIONAL));
                    }
                    for (String dir : MASKED_PROC_DIRS) {
                        calls.add(mask(target.resolve(dir)));
                    }
                }
                case Mount.Sysfs sysfs -> {
                    calls.add(MountCall.filesystem("sysfs", target, "sysfs",
                            MS_RDONLY | MS_NOSUID | MS_NOEXEC | MS_NODEV, Optional.empty())
                            .withTarget(MountCall.Target.CREATE));
                    for (String dir : MASKED_SYS_DIRS) {
                        calls.add(mask(target.resolve(dir)));
                    }
                }
                case Mount.Sockets sockets -> calls.add(MountCall.bind(dirs.socketDir(), target, 0)
                        .withTarget(MountCall.Target.CREATE));
                case Mount.Tmpfs tmpfs -> calls.add(MountCall.filesystem("tmpfs", target, "tmpfs",
                        MS_NODEV | MS_NOSUID | MS_NOEXEC, Optional.of("size=" + tmpfs.size() + ",mode=1777"))
                        .withTarget(MountCall.Target.CREATE));
                case Mount.Resource r -> {
                    Container resource = resources.get(r.name());
                    if (resource == null) {
                        throw new LaunchPlanException("resource " + r.name() + " " + r.version() + " of "
                                + manifest.container() + " is not resolved");
                    }
                    String dir = r.dir().value();
                    Path resourceRoot = dirs.root(resource);
                    Path relative = Path.of(stripRoot(dir));
                    if (!host.exists(resourceRoot.resolve(relative))) {
                        throw new LaunchPlanException("directory " + dir + " does not exist in resource " + resource,
                                new LaunchPlanException.MissingResource(resource, dir));
                    }
                    long opts = options(r.options()) & ~MS_REC;
                    calls.add(MountCall.bind(new MountSource.Beneath(resourceRoot, relative), target, 0)
                            .withTarget(MountCall.Target.CREATE));
                    calls.add(MountCall.remountBind(target, opts | IMAGE_FLAGS));
                }
                case Mount.Dev dev -> {
                    // The image's own device nodes are unusable (nodev): a signed
                    // image could carry any node. The container gets the packer's
                    // six nodes as binds of the host's, each checked to be the
                    // expected character device.
                    calls.add(MountCall.filesystem("tmpfs", target, "tmpfs", MS_NOSUID | MS_NOEXEC | MS_NODEV,
                            Optional.of("size=65536,mode=755")).withTarget(MountCall.Target.CREATE));
                    for (MountSource.CharDevice device : DEVICES) {
                        calls.add(MountCall.bind(device, target.resolve(device.path().getFileName()), 0)
                                .withTarget(MountCall.Target.CREATE));
                    }
                    // read-only like the image's /dev was, once mount points below it exist
                    last.add(new MountCall(new MountSource.None(), target, MountCall.Target.EXISTING, Optional.empty(),
                            MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC | MS_NODEV, Optional.empty()));
                }
            }
        }
        calls.addAll(last);
        return calls;
    }

    /** An empty read-only tmpfs over a directory, if the kernel has it. */
    private static MountCall mask(Path dir) {
        return MountCall.filesystem("tmpfs", dir, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                Optional.of("mode=555")).withTarget(MountCall.Target.OPTIONAL);
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
            return switch (policy) {
                // nice via setpriority(2), checked properly (Rust only accepted a resulting nice of 0)
                case SchedPolicy.Other other -> new Scheduling(linux, 0, OptionalInt.of(other.nice()));
                case SchedPolicy.Batch batch -> new Scheduling(linux, 0, OptionalInt.of(batch.nice()));
                case SchedPolicy.Fifo fifo -> new Scheduling(linux, (int) fifo.priority(), OptionalInt.empty());
                case SchedPolicy.RoundRobin rr -> new Scheduling(linux, (int) rr.priority(), OptionalInt.empty());
                case SchedPolicy.Idle idle -> new Scheduling(linux, 0, OptionalInt.empty());
                case SchedPolicy.Deadline deadline -> new Scheduling(linux, 0, OptionalInt.empty());
            };
        });
    }
}
