package io.northstar.runtime.sandbox;

import static io.northstar.runtime.sys.Mounts.MS_BIND;
import static io.northstar.runtime.sys.Mounts.MS_NODEV;
import static io.northstar.runtime.sys.Mounts.MS_NOEXEC;
import static io.northstar.runtime.sys.Mounts.MS_NOSUID;
import static io.northstar.runtime.sys.Mounts.MS_RDONLY;
import static io.northstar.runtime.sys.Mounts.MS_REC;
import static io.northstar.runtime.sys.Mounts.MS_REMOUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.manifest.Manifest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pure planning: no root, no kernel. */
class LaunchPlannerTest {
    static final SandboxDirs DIRS = new SandboxDirs(Path.of("/run/ns"), Path.of("/data"), Path.of("/sockets"));
    static final Path ROOT = Path.of("/run/ns/test:0.0.1");
    static final Container RES = Container.of("res", "0.0.2");

    /** The host has every path except those under /missing and groups "inet" (3003) and "log" (4). */
    static final HostView HOST = new HostView() {
        @Override
        public boolean exists(Path path) {
            return !path.startsWith("/missing") && !path.toString().contains("/nodir");
        }

        @Override
        public OptionalInt groupId(String name) {
            return switch (name) {
                case "inet" -> OptionalInt.of(3003);
                case "log" -> OptionalInt.of(4);
                default -> OptionalInt.empty();
            };
        }
    };

    static Manifest manifest(String extra) {
        return Manifest.parse("name: test\nversion: 0.0.1\ninit: /bin/app\nuid: 1000\ngid: 1001\n" + extra);
    }

    static LaunchPlan plan(Manifest m, StartArguments start) throws LaunchPlanException {
        return new LaunchPlanner(DIRS, HOST).plan(m, start, Map.of(Name.of("res"), RES),
                List.of(Path.of("/sys/fs/cgroup/memory/northstar/test/cgroup.procs")), Optional.empty());
    }

    static LaunchPlan plan(String extra) throws LaunchPlanException {
        return plan(manifest(extra), StartArguments.NONE);
    }

    static MountCall bind(String src, String target, long flags) {
        return MountCall.bind(Path.of(src), ROOT.resolve(target), flags).withTarget(MountCall.Target.CREATE);
    }

    static MountCall remount(String target, long flags) {
        return MountCall.remountBind(ROOT.resolve(target), flags);
    }

    static MountCall fs(String type, String target, long flags, String data) {
        return MountCall.filesystem(type, ROOT.resolve(target), type, flags, Optional.ofNullable(data))
                .withTarget(MountCall.Target.CREATE);
    }

    static MountCall maskFile(String target) {
        return MountCall.bind(MountSource.CharDevice.NULL, ROOT.resolve(target), 0)
                .withTarget(MountCall.Target.OPTIONAL);
    }

    static MountCall maskDir(String target) {
        return MountCall.filesystem("tmpfs", ROOT.resolve(target), "tmpfs",
                MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, Optional.of("mode=555"))
                .withTarget(MountCall.Target.OPTIONAL);
    }

    static MountCall device(String name, int major, int minor) {
        return MountCall.bind(new MountSource.CharDevice(Path.of("/dev/" + name), major, minor),
                ROOT.resolve("dev/" + name), 0).withTarget(MountCall.Target.CREATE);
    }

    @Test
    void mountListIsSortedByMountPointAndStartsWithTheRootSelfBind() throws Exception {
        LaunchPlan plan = plan("mounts:\n"
                + "  /tmp: {type: tmpfs, size: 20MB}\n"
                + "  /proc: {type: proc}\n"
                + "  /dev: {type: dev}\n"
                + "  /lib: {type: bind, host: /lib, options: 'nosuid,nodev,rec'}\n"
                + "  /rwlib: {type: bind, host: /var/rw, options: 'rw,noexec'}\n"
                + "  /plain: {type: bind, host: /var/plain}\n"
                + "  /gone: {type: bind, host: /missing/dir}\n"
                + "  /data: {type: persist}\n"
                + "  /sys: {type: sysfs}\n"
                + "  /unix-sockets: {type: sockets}\n"
                + "  /resource: {type: resource, name: res, version: '>=0.0.1', dir: /share,"
                + " options: 'nosuid,nodev,noexec'}\n");
        long ro = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
        long image = MS_RDONLY | MS_NOSUID | MS_NODEV;
        assertEquals(List.of(
                MountCall.bind(ROOT, ROOT, MS_REC),
                remount("", image),
                MountCall.bind(new MountSource.Beneath(Path.of("/data"), Path.of("test")), ROOT.resolve("data"), 0)
                        .withTarget(MountCall.Target.CREATE),
                remount("data", MS_NODEV | MS_NOSUID | MS_NOEXEC),
                fs("tmpfs", "dev", MS_NOSUID | MS_NOEXEC | MS_NODEV, "size=65536,mode=755"),
                device("null", 1, 3), device("zero", 1, 5), device("full", 1, 7), device("random", 1, 8),
                device("urandom", 1, 9), device("tty", 5, 0),
                bind("/lib", "lib", MS_REC),
                remount("lib", MS_NOSUID | MS_NODEV | MS_RDONLY),
                bind("/var/plain", "plain", 0),
                remount("plain", MS_RDONLY),
                fs("proc", "proc", ro, null),
                maskFile("proc/kcore"), maskFile("proc/keys"), maskFile("proc/latency_stats"),
                maskFile("proc/timer_list"), maskFile("proc/timer_stats"), maskFile("proc/sched_debug"),
                maskFile("proc/sysrq-trigger"),
                maskDir("proc/acpi"), maskDir("proc/asound"), maskDir("proc/scsi"),
                MountCall.bind(new MountSource.Beneath(Path.of("/run/ns/res:0.0.2"), Path.of("share")),
                        ROOT.resolve("resource"), 0).withTarget(MountCall.Target.CREATE),
                remount("resource", ro),
                bind("/var/rw", "rwlib", 0),
                remount("rwlib", MS_NOEXEC),
                fs("sysfs", "sys", ro, null),
                maskDir("sys/firmware"), maskDir("sys/devices/virtual/powercap"),
                fs("tmpfs", "tmp", MS_NODEV | MS_NOSUID | MS_NOEXEC, "size=20000000,mode=1777"),
                bind("/sockets", "unix-sockets", 0),
                // /dev becomes read-only once every mount point below it exists
                new MountCall(new MountSource.None(), ROOT.resolve("dev"), MountCall.Target.EXISTING,
                        Optional.empty(), MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC | MS_NODEV,
                        Optional.empty())), plan.mounts());
        assertEquals(MS_BIND | MS_REMOUNT | MS_RDONLY, remount("b", MS_RDONLY).flags());
    }

    @Test
    void aMissingResourceDirectoryIsReportedWithTheResolvedResource() {
        LaunchPlanException e = assertThrows(LaunchPlanException.class, () -> plan("mounts:\n"
                + "  /resource: {type: resource, name: res, version: '>=0.0.1', dir: /nodir}\n"));
        assertEquals(Optional.of(new LaunchPlanException.MissingResource(RES, "/nodir")), e.missingResource());
    }

    @Test
    void mountPointsCannotLeaveTheRoot() {
        // the manifest validator rejects such a path already; the planner does not rely on it
        LaunchPlanException e = assertThrows(LaunchPlanException.class,
                () -> LaunchPlanner.target(ROOT, "/a/../../etc"));
        assertTrue(e.getMessage().contains("leaves the container root"), e.getMessage());
    }

    @Test
    void fdsAndEnvironment() throws Exception {
        LaunchPlan plan = plan("env:\n  B: two\n  A: one\nconsole:\n  permissions: full\nsockets:\n"
                + "  zeta: {type: stream, mode: 0o600}\n  alpha: {type: datagram, mode: 0o600}\n");
        assertEquals(List.of(new ContainerFd.Stdin(), new ContainerFd.Stdout(), new ContainerFd.Stderr(),
                new ContainerFd.Console(), new ContainerFd.Socket("alpha"), new ContainerFd.Socket("zeta")),
                plan.fds());
        assertEquals(List.of("B=two", "A=one", "NORTHSTAR_CONTAINER=test:0.0.1", "NORTHSTAR_NAME=test",
                "NORTHSTAR_VERSION=0.0.1", "NORTHSTAR_CONSOLE=3", "NORTHSTAR_SOCKET_alpha=4",
                "NORTHSTAR_SOCKET_zeta=5"), plan.env());
        assertEquals(5, plan.fdNumber(new ContainerFd.Socket("zeta")));
    }

    @Test
    void requestArgumentsAndEnvironmentReplaceTheManifests() throws Exception {
        Manifest m = manifest("args: [--from-manifest]\nenv:\n  M: m\n");
        LaunchPlan defaults = plan(m, StartArguments.NONE);
        assertEquals(List.of("/bin/app", "--from-manifest"), defaults.argv());
        assertEquals("/bin/app", defaults.path());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("X", "1");
        LaunchPlan custom = plan(m, new StartArguments(Optional.of("/usr/bin/strace <INIT>"), List.of("a", "b"), env));
        assertEquals(List.of("/usr/bin/strace /bin/app", "a", "b"), custom.argv());
        assertEquals("X=1", custom.env().get(0));
        assertEquals(4, custom.env().size());
    }

    @Test
    void reservedEnvironmentKeysAreRejected() {
        LaunchPlanException e = assertThrows(LaunchPlanException.class, () -> plan(manifest(""),
                new StartArguments(Optional.empty(), List.of(), Map.of("NORTHSTAR_NAME", "x"))));
        assertEquals("env contains reserved key NORTHSTAR_NAME or NORTHSTAR_VERSION or NORTHSTAR_CONTAINER"
                + " or NORTHSTAR_CONSOLE", e.getMessage());
    }

    @Test
    void aResourceContainerCannotBeStartedWithoutInit() throws Exception {
        Manifest resource = Manifest.parse("name: res\nversion: 0.0.2\nuid: 1000\ngid: 1000\n");
        assertThrows(LaunchPlanException.class, () -> plan(resource, StartArguments.NONE));
        LaunchPlan withInit = plan(resource, new StartArguments(Optional.of("/bin/sh"), List.of(), Map.of()));
        assertEquals(List.of("/bin/sh"), withInit.argv());
    }

    @Test
    void identityCapabilitiesLimitsSchedulingNetwork() throws Exception {
        LaunchPlan plan = plan("suppl_groups: [inet, nosuchgroup, log]\ncapabilities: [CAP_KILL, CAP_NET_RAW]\n"
                + "rlimits:\n  nproc: {soft: 10000, hard: 20000}\n  nofile: {soft: 1024}\n"
                + "sched:\n  policy: !fifo {priority: 11}\nnetwork: !namespace blue\n");
        assertEquals(1000, plan.uid());
        assertEquals(1001, plan.gid());
        assertEquals(List.of(3003, 4), plan.supplementaryGids());
        long mask = (1L << 5) | (1L << 13);
        assertEquals(new CapabilitySets(mask, mask, mask, mask, mask), plan.capabilities());
        assertEquals(List.of(new Rlimit(6, 10000, 20000), new Rlimit(7, 1024, Rlimit.INFINITY)), plan.rlimits());
        assertEquals(Optional.of(new Scheduling(Scheduling.SCHED_FIFO, 11, OptionalInt.empty())), plan.scheduling());
        assertEquals(new NetworkPlan.Join(Path.of("/run/netns/blue")), plan.network());
        assertTrue(plan.noNewPrivileges());
        assertEquals(List.of(Path.of("/sys/fs/cgroup/memory/northstar/test/cgroup.procs")), plan.cgroupProcs());
        assertEquals(ROOT, plan.root());
        // the test host has /sys/fs/selinux/enforce
        assertEquals(Optional.of("u:r:app:s0"),
                plan("selinux:\n  exec: u:r:app:s0\n").selinuxExec());
        assertEquals(Optional.empty(), plan.selinuxExec());
    }

    @Test
    void defaultsAreAFreshNetworkNoCapabilitiesAndInheritedScheduling() throws Exception {
        LaunchPlan plan = plan("");
        assertEquals(new NetworkPlan.Fresh(), plan.network());
        assertEquals(CapabilitySets.NONE, plan.capabilities());
        assertEquals(Optional.empty(), plan.scheduling());
        assertEquals(List.of(MountCall.bind(ROOT, ROOT, MS_REC), remount("", MS_RDONLY | MS_NOSUID | MS_NODEV)),
                plan.mounts());
        assertEquals(new NetworkPlan.Host(), plan("network: host\n").network());
        assertEquals(Optional.of(new Scheduling(Scheduling.SCHED_OTHER, 0, OptionalInt.of(-5))),
                plan("sched:\n  policy: !other {nice: -5}\n").scheduling());
        assertEquals(Optional.of(new Scheduling(Scheduling.SCHED_IDLE, 0, OptionalInt.empty())),
                plan("sched:\n  policy: idle\n").scheduling());
    }

    @Test
    void planInvariants() {
        assertThrows(IllegalArgumentException.class, () -> new CapabilitySets(0, 1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CapabilitySets(1, 1, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> MountCall.bind(Path.of("/a"), Path.of("rel"), 0));
        assertEquals(Set.of(), Set.copyOf(List.<String>of()));
    }
}
