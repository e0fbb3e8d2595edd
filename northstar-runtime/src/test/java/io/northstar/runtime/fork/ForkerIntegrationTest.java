package io.northstar.runtime.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.manifest.Manifest;
import io.northstar.runtime.sandbox.ContainerFd;
import io.northstar.runtime.sandbox.HostView;
import io.northstar.runtime.sandbox.LaunchPlan;
import io.northstar.runtime.sandbox.LaunchPlanner;
import io.northstar.runtime.sandbox.MountCall;
import io.northstar.runtime.sandbox.MountSource;
import io.northstar.runtime.sandbox.SandboxDirs;
import io.northstar.runtime.sandbox.StartArguments;
import io.northstar.runtime.seccomp.ManifestSeccomp;
import io.northstar.runtime.sys.Errno;
import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.UnixSockets;
import io.northstar.seccomp.SeccompArchitecture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import io.northstar.console.ExitStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real northstar-forker and launches plans on the real kernel
 * against a root file system made of a static busybox.
 */
class ForkerIntegrationTest {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    static final String BB = "/bin/busybox";

    @TempDir
    static Path tmp;

    static Forker forker;
    static SandboxDirs dirs;
    static Path hostDir;
    static final ForkerEvents events = new ForkerEvents();
    static final List<String> rejected = events.rejected;

    record Run(Pid pid, String output, ExitStatus status) {
    }

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(currentUid() == 0, "forker integration tests need root (namespaces, mounts, pivot_root)");
        assumeTrue(Files.isExecutable(BUSYBOX), "needs a static busybox at /bin/busybox (package busybox-static)");
        dirs = new SandboxDirs(tmp.resolve("run"), tmp.resolve("data"), tmp.resolve("sockets"));
        Files.createDirectories(dirs.dataDir().resolve("test"));
        Files.createDirectories(dirs.socketDir());
        Path root = dirs.root(Container.of("test", "0.0.1"));
        for (String d : List.of("bin", "proc", "sys", "dev", "tmp", "ro", "rw", "data", "resource", "unix-sockets")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(BUSYBOX, root.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createFile(root.resolve("dev/null"));
        hostDir = tmp.resolve("host");
        Files.createDirectories(hostDir);
        Files.writeString(hostDir.resolve("file"), "from the host\n");
        Path resource = dirs.root(Container.of("res", "0.0.1")).resolve("share");
        Files.createDirectories(resource);
        Files.writeString(resource.resolve("hello"), "hello from test resource\n");
        forker = Forker.start(events);
    }

    @AfterAll
    static void tearDown() {
        if (forker != null) {
            forker.close();
        }
    }

    static int currentUid() {
        return jnr.posix.POSIXFactory.getNativePOSIX().getuid();
    }

    static CompletableFuture<ExitStatus> exitOf(Pid pid) {
        return events.exitOf(pid);
    }

    static Manifest manifest(String extra) {
        return Manifest.parse("name: test\nversion: 0.0.1\ninit: /bin/busybox\nuid: 1000\ngid: 1000\n" + extra);
    }

    static LaunchPlan plan(Manifest manifest, HostView host, String... args) throws Exception {
        return new LaunchPlanner(dirs, host).plan(manifest,
                new StartArguments(Optional.empty(), List.of(args), Map.of()),
                Map.of(Name.of("res"), Container.of("res", "0.0.1")), List.of(),
                ManifestSeccomp.filter(manifest, SeccompArchitecture.host()));
    }

    static Run run(Manifest manifest, String... args) throws Exception {
        return run(plan(manifest, HostView.system(), args));
    }

    /** Starts the plan with stdout+stderr on a socket pair and waits for the exit. */
    static Run run(LaunchPlan plan) throws Exception {
        List<NativeFd> mine = new ArrayList<>();
        List<NativeFd> theirs = new ArrayList<>();
        NativeFd out;
        try {
            theirs.add(NativeFd.open("/dev/null", NativeFd.O_RDWR));
            NativeFd[] pair = UnixSockets.socketPair(UnixSockets.SOCK_STREAM, "stdout");
            out = pair[0];
            theirs.add(pair[1]);
            theirs.add(pair[1]);
            for (ContainerFd fd : plan.fds().subList(3, plan.fds().size())) {
                NativeFd[] extra = UnixSockets.socketPair(UnixSockets.SOCK_STREAM, fd.toString());
                mine.add(extra[0]);
                theirs.add(extra[1]);
            }
            CompletableFuture<Pid> started = events.started(forker.start(plan, theirs));
            theirs.forEach(NativeFd::closeQuietly); // the forker has its own copies now
            Pid pid = started.get(30, TimeUnit.SECONDS);
            String output = readAll(out);
            ExitStatus status = exitOf(pid).get(30, TimeUnit.SECONDS);
            return new Run(pid, output, status);
        } finally {
            theirs.forEach(NativeFd::closeQuietly);
            mine.forEach(NativeFd::closeQuietly);
        }
    }

    static String readAll(NativeFd fd) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (fd) {
            for (;;) {
                byte[] chunk = fd.read(4096);
                if (chunk.length == 0) {
                    return bytes.toString(StandardCharsets.UTF_8);
                }
                bytes.write(chunk);
            }
        }
    }

    static Run sh(Manifest manifest, String script) throws Exception {
        return run(manifest, "sh", "-c", script);
    }

    static StartFailedException startFailure(LaunchPlan plan) throws Exception {
        try {
            Run run = run(plan);
            return fail("start should have failed, ran: " + run);
        } catch (ExecutionException e) {
            return assertInstanceOf(StartFailedException.class, e.getCause());
        }
    }

    // ---------------------------------------------------------------------

    @Test
    void applicationIsPid2UnderInitInANewPidNamespace() throws Exception {
        Run run = sh(manifest("mounts:\n  /proc: {type: proc}\n"),
                "echo pid=$$ ppid=$PPID; cat /proc/1/comm 2>&1; ls /proc | grep -c '^[0-9]'");
        assertEquals(new ExitStatus.Exit(0), run.status(), run.output());
        List<String> lines = run.output().lines().toList();
        assertEquals("pid=2 ppid=1", lines.get(0));
        // init is not dumpable: its /proc entries are root-only, the app runs as uid 1000
        assertTrue(lines.get(1).contains("Permission denied") || lines.get(1).equals("init-test:0.0.1"), lines.get(1));
        // init, the shell, ls and grep: nothing of the host is visible
        assertTrue(Integer.parseInt(lines.get(2).trim()) <= 4, run.output());
    }

    @Test
    void uidGidAndGroupsComeFromThePlan() throws Exception {
        Run run = sh(manifest(""), "echo $(busybox id -u) $(busybox id -g) $(busybox id -G)");
        assertEquals("1000 1000 1000", run.output().trim());
    }

    @Test
    void exitCodesAreReported() throws Exception {
        for (int code : new int[] {0, 1, 10, 127, 128, 255}) {
            assertEquals(new ExitStatus.Exit(code), sh(manifest(""), "exit " + code).status());
        }
    }

    @Test
    void signalsGoToTheProcessGroupAndAreReported() throws Exception {
        LaunchPlan plan = plan(manifest(""), HostView.system(), "sleep", "1000");
        NativeFd devnull = NativeFd.open("/dev/null", NativeFd.O_RDWR);
        try {
            Pid pid = events.started(forker.start(plan, List.of(devnull, devnull, devnull))).get(30, TimeUnit.SECONDS);
            events.killed(forker.kill(pid, 15)).get(10, TimeUnit.SECONDS);
            assertEquals(new ExitStatus.Signalled(15), exitOf(pid).get(30, TimeUnit.SECONDS));

            Pid second = events.started(forker.start(plan, List.of(devnull, devnull, devnull))).get(30, TimeUnit.SECONDS);
            events.killed(forker.kill(second, 9)).get(10, TimeUnit.SECONDS);
            // SIGKILL kills init too; reported as the signal (Rust: exit -2)
            assertEquals(new ExitStatus.Signalled(9), exitOf(second).get(30, TimeUnit.SECONDS));

            // a reaped container cannot be signalled any more
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> events.killed(forker.kill(second, 15)).get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("ESRCH"), e.getCause().getMessage());
        } finally {
            devnull.closeQuietly();
        }
    }

    @Test
    void noCapabilitiesByDefault() throws Exception {
        Run run = sh(manifest("mounts:\n  /proc: {type: proc}\n"), "grep -E '^Cap|^NoNewPrivs' /proc/self/status");
        assertEquals(List.of("CapInh:\t0000000000000000", "CapPrm:\t0000000000000000", "CapEff:\t0000000000000000",
                "CapBnd:\t0000000000000000", "CapAmb:\t0000000000000000", "NoNewPrivs:\t1"),
                run.output().lines().toList());
    }

    @Test
    void manifestCapabilitiesEndUpInAllFiveSets() throws Exception {
        Run run = sh(manifest("capabilities: [CAP_KILL, CAP_NET_RAW]\nmounts:\n  /proc: {type: proc}\n"),
                "grep -E '^Cap' /proc/self/status");
        String mask = String.format("%016x", (1L << 5) | (1L << 13));
        assertEquals(List.of("CapInh:\t" + mask, "CapPrm:\t" + mask, "CapEff:\t" + mask, "CapBnd:\t" + mask,
                "CapAmb:\t" + mask), run.output().lines().toList());
    }

    @Test
    void rlimitsAreApplied() throws Exception {
        Run run = sh(manifest("rlimits:\n  nproc: {soft: 10000, hard: 20000}\n  nofile: {soft: 64, hard: 128}\n"
                + "mounts:\n  /proc: {type: proc}\n"), "grep -E 'Max (processes|open files)' /proc/self/limits");
        List<String> lines = run.output().lines().map(l -> l.replaceAll("\\s+", " ").trim()).toList();
        assertTrue(lines.contains("Max processes 10000 20000 processes"), run.output());
        assertTrue(lines.contains("Max open files 64 128 files"), run.output());
    }

    @Test
    void mountListIsExecutedWithFlags() throws Exception {
        Path rw = tmp.resolve("rw-host");
        Files.createDirectories(rw);
        Files.setPosixFilePermissions(rw, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Manifest m = manifest("mounts:\n"
                + "  /proc: {type: proc}\n"
                + "  /ro: {type: bind, host: " + hostDir + ", options: nosuid}\n"
                + "  /rw: {type: bind, host: " + rw + ", options: rw}\n"
                + "  /tmp: {type: tmpfs, size: 1MiB}\n"
                + "  /data: {type: persist}\n"
                + "  /resource: {type: resource, name: res, version: '>=0.0.1', dir: /share,"
                + " options: 'nosuid,nodev,noexec'}\n");
        Run run = sh(m, "cat /proc/mounts; cat /ro/file; touch /ro/x 2>&1; echo written > /rw/x; echo tmp > /tmp/x"
                + " && echo tmp ok; cat /resource/hello");
        String out = run.output();
        assertTrue(out.contains("proc /proc proc ro,nosuid,nodev,noexec"), out);
        assertTrue(out.matches("(?s).* /ro \\w+ ro,nosuid.*"), out);
        assertTrue(out.matches("(?s).* /rw \\w+ rw,.*"), out);
        assertTrue(out.matches("(?s).*tmpfs /tmp tmpfs rw,nosuid,nodev,noexec,\\S*size=1024k.*"), out);
        assertTrue(out.matches("(?s).* /resource \\w+ ro,(\\w+,)*nosuid,(\\w+,)*nodev,(\\w+,)*noexec.*"), out);
        assertTrue(out.matches("(?s).* /data \\w+ rw,nosuid,nodev,noexec.*"), out);
        assertTrue(out.contains("from the host"), out);
        assertTrue(out.contains("Read-only file system"), out);
        assertTrue(out.contains("tmp ok"), out);
        assertTrue(out.contains("hello from test resource"), out);
        assertEquals("written\n", Files.readString(rw.resolve("x")));
        // nothing propagated back to the host
        assertFalse(Files.readString(Path.of("/proc/self/mounts")).contains(dirs.runDir().toString()));
    }

    @Test
    void pivotRootLeavesNoWayToTheHostRoot() throws Exception {
        Path marker = tmp.resolve("marker-" + ProcessHandle.current().pid());
        Files.writeString(marker, "x");
        Run run = sh(manifest("mounts:\n  /proc: {type: proc}\n"),
                "ls /; echo ---; busybox find / -xdev -name " + marker.getFileName() + "; echo ---; "
                        + "ls /proc/1/root/ 2>&1; cut -d' ' -f5 /proc/self/mountinfo | grep -v '^/proc/' | wc -l");
        List<String> parts = List.of(run.output().split("---\n"));
        assertEquals(new TreeSet<>(List.of("bin", "data", "dev", "proc", "resource", "ro", "rw", "sys", "tmp",
                "unix-sockets")), new TreeSet<>(parts.get(0).lines().toList()), run.output());
        assertEquals("", parts.get(1), run.output());
        // only the root and /proc are mounted in there (and the masks over /proc/kcore etc.)
        List<String> rest = parts.get(2).lines().toList();
        assertEquals("2", rest.get(rest.size() - 1).trim(), run.output());
    }

    @Test
    void theContainerSeesExactlyThePlannedFds() throws Exception {
        Manifest m = manifest("console:\n  permissions: [ident]\nsockets:\n  b: {type: stream, mode: 0o600}\n"
                + "  a: {type: datagram, mode: 0o600}\nmounts:\n  /proc: {type: proc}\n");
        // the application itself lists its fds; 6 is ls's own handle on the directory
        Run ls = run(m, "ls", "-1", "/proc/self/fd");
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6"), ls.output().lines().toList(), ls.output());
        Run run = sh(m, "env | grep NORTHSTAR | sort; readlink /proc/$$/fd/0; readlink /proc/$$/fd/3");
        List<String> lines = run.output().lines().toList();
        assertEquals(List.of("NORTHSTAR_CONSOLE=3", "NORTHSTAR_CONTAINER=test:0.0.1", "NORTHSTAR_NAME=test",
                "NORTHSTAR_SOCKET_a=4", "NORTHSTAR_SOCKET_b=5", "NORTHSTAR_VERSION=0.0.1"), lines.subList(0, 6));
        assertEquals("/dev/null", lines.get(6));
        assertTrue(lines.get(7).startsWith("socket:["), lines.get(7));
    }

    @Test
    void aFreshNetworkNamespaceHasOnlyLoopback() throws Exception {
        Run run = sh(manifest("mounts:\n  /proc: {type: proc}\n"), "tail -n +3 /proc/net/dev | cut -d: -f1");
        assertEquals(List.of("lo"), run.output().lines().map(String::trim).toList());
        Run host = sh(manifest("network: host\nmounts:\n  /proc: {type: proc}\n"),
                "tail -n +3 /proc/net/dev | wc -l");
        assertEquals(Files.readAllLines(Path.of("/proc/net/dev")).size() - 2, Integer.parseInt(host.output().trim()));
    }

    @Test
    void schedulingAppliesToTheApplicationOnly() throws Exception {
        Run run = sh(manifest("sched:\n  policy: idle\nmounts:\n  /proc: {type: proc}\n"),
                "grep '^policy' /proc/self/sched; grep '^policy' /proc/1/sched 2>&1 | head -1");
        assertTrue(run.output().lines().findFirst().orElse("").matches("policy\\s+:\\s+5"), run.output());
        Run nice = sh(manifest("sched:\n  policy: !other {nice: 5}\nmounts:\n  /proc: {type: proc}\n"),
                "cut -d' ' -f19 /proc/self/stat");
        assertEquals("5", nice.output().trim());
    }

    @Test
    void seccompIsInstalledLast() throws Exception {
        Run allowed = sh(manifest("seccomp:\n  profile: default\nmounts:\n  /proc: {type: proc}\n"),
                "grep '^Seccomp:' /proc/self/status");
        assertEquals("Seccomp:\t2", allowed.output().trim(), allowed.output());
        // execve alone is allowed: the shell dies at its first other syscall
        Run killed = sh(manifest("seccomp:\n  allow:\n    execve: any\n"), "true");
        assertEquals(new ExitStatus.Signalled(31), killed.status());
    }

    @Test
    void cgroupIsJoinedBeforeTheApplicationRuns() throws Exception {
        Path memory = Path.of("/sys/fs/cgroup/memory");
        assumeTrue(Files.isWritable(memory), "needs a writable cgroup v1 memory hierarchy at " + memory);
        Path group = memory.resolve("northstar-forker-test-" + ProcessHandle.current().pid());
        Files.createDirectories(group);
        try {
            LaunchPlan base = plan(manifest("mounts:\n  /proc: {type: proc}\n"), HostView.system(), "sh", "-c",
                    "grep memory /proc/self/cgroup");
            LaunchPlan plan = new LaunchPlan(base.container(), base.root(), base.path(), base.argv(), base.env(),
                    base.uid(), base.gid(), base.supplementaryGids(), base.network(),
                    List.of(group.resolve("cgroup.procs")), base.mounts(), base.rlimits(), base.scheduling(),
                    base.capabilities(), base.noNewPrivileges(), base.selinuxExec(), base.seccomp(), base.initSeccomp(),
                    base.fds());
            Run run = run(plan);
            assertTrue(run.output().trim().endsWith(":/" + group.getFileName()), run.output());
            assertEquals("", Files.readString(group.resolve("cgroup.procs")), "container left tasks behind");
        } finally {
            Files.delete(group);
        }
    }

    @Test
    void initRunsWithoutPrivilegesOnceTheApplicationRuns() throws Exception {
        Run run = sh(manifest("capabilities: [CAP_SYS_PTRACE]\nmounts:\n  /proc: {type: proc}\n"),
                "grep -E '^(Uid|Gid|Groups|Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):' /proc/1/status");
        assertEquals(List.of("Uid:\t1000\t1000\t1000\t1000", "Gid:\t1000\t1000\t1000\t1000", "Groups:\t",
                "CapInh:\t0000000000000000", "CapPrm:\t0000000000000000", "CapEff:\t0000000000000000",
                "CapBnd:\t0000000000000000", "CapAmb:\t0000000000000000", "NoNewPrivs:\t1", "Seccomp:\t2"),
                run.output().lines().map(String::stripTrailing).map(l -> l.equals("Groups:") ? "Groups:\t" : l)
                        .toList(), run.output());
        assertEquals(new ExitStatus.Exit(0), run.status());
    }

    @Test
    void procAndSysAreMasked() throws Exception {
        Run run = sh(manifest("mounts:\n  /proc: {type: proc}\n  /sys: {type: sysfs}\n  /dev: {type: dev}\n"),
                "for f in kcore keys timer_list sched_debug; do [ -e /proc/$f ] || continue; "
                        + "echo $f $(busybox wc -c < /proc/$f); done; ls -A /proc/acpi /proc/scsi /sys/firmware 2>/dev/null;"
                        + " echo x 2>/dev/null > /proc/sysrq-trigger && echo sysrq written; echo done");
        List<String> lines = run.output().lines().toList();
        assertEquals("done", lines.get(lines.size() - 1), run.output());
        // /proc/kcore only exists with CONFIG_PROC_KCORE; /proc/keys with CONFIG_KEYS
        assertTrue(lines.contains("keys 0"), run.output());
        for (String line : lines.subList(0, lines.size() - 1)) {
            assertTrue(line.endsWith(" 0") || line.endsWith(":") || line.isEmpty(), "not masked: " + line);
        }
    }

    @Test
    void devHoldsTheHostsCharacterDevicesOnly() throws Exception {
        Run run = sh(manifest("mounts:\n  /dev: {type: dev}\n  /dev/shm: {type: tmpfs, size: 4096}\n"),
                "ls /dev; echo x > /dev/null && echo null ok; head -c 4 /dev/zero | busybox wc -c; touch /dev/x 2>&1;"
                        + " echo y > /dev/shm/y && echo shm ok");
        assertEquals(List.of("full", "null", "random", "shm", "tty", "urandom", "zero", "null ok", "4",
                "touch: /dev/x: Read-only file system", "shm ok"), run.output().lines().map(String::trim).toList(),
                run.output());
    }

    /** CVE-2025-31133 class: what is bound over a masked path must really be /dev/null. */
    @Test
    void aMaskingSourceThatIsNotTheNullDeviceIsRefused() throws Exception {
        Path fake = tmp.resolve("fake-null-" + ProcessHandle.current().pid());
        Path link = tmp.resolve("link-null-" + ProcessHandle.current().pid());
        Files.writeString(fake, "not a device\n");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("/dev/null"));
        try {
            LaunchPlan base = plan(manifest(""), HostView.system(), "true");
            for (Path source : List.of(fake, link)) {
                List<MountCall> mounts = new ArrayList<>(base.mounts());
                mounts.add(MountCall.bind(new MountSource.CharDevice(source, 1, 3), base.root().resolve("ro"), 0));
                LaunchPlan plan = new LaunchPlan(base.container(), base.root(), base.path(), base.argv(), base.env(),
                        base.uid(), base.gid(), base.supplementaryGids(), base.network(), base.cgroupProcs(),
                        mounts, base.rlimits(), base.scheduling(), base.capabilities(), base.noNewPrivileges(),
                        base.selinuxExec(), base.seccomp(), base.initSeccomp(), base.fds());
                StartFailedException e = startFailure(plan);
                if (source.equals(fake)) {
                    assertEquals("verify device", e.step());
                    assertEquals(Errno.EPERM, e.errno());
                } else {
                    assertEquals("open device", e.step());
                    assertEquals("ELOOP", Errno.name(e.errno()));
                }
            }
        } finally {
            Files.deleteIfExists(fake);
            Files.deleteIfExists(link);
        }
    }

    @Test
    void aSymlinkedResourceDirectoryCannotBindTheHostRoot() throws Exception {
        Path resource = dirs.root(Container.of("res", "0.0.1"));
        Path link = resource.resolve("escape");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("/"));
        LaunchPlan plan = plan(manifest("mounts:\n  /resource: {type: resource, name: res, version: '*',"
                + " dir: /escape}\n"), HostView.system(), "true");
        StartFailedException e = startFailure(plan);
        assertEquals("open mount source", e.step());
        assertEquals("ELOOP", Errno.name(e.errno()));
    }

    @Test
    void aSymlinkedMountPointCannotRedirectTheMount() throws Exception {
        Path root = dirs.root(Container.of("test", "0.0.1"));
        Path victim = tmp.resolve("victim-" + ProcessHandle.current().pid());
        Files.createDirectories(victim);
        Path link = root.resolve("escape");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, victim);
        try {
            LaunchPlan plan = plan(manifest("mounts:\n  /escape/sub: {type: tmpfs, size: 4096}\n"),
                    HostView.system(), "true");
            StartFailedException e = startFailure(plan);
            assertEquals("open mount target", e.step());
            assertEquals("ELOOP", Errno.name(e.errno()));
            assertFalse(Files.exists(victim.resolve("sub")), "mount point created outside the root");
            Files.delete(link);
            // a symlink at the mount point itself
            Files.createSymbolicLink(link, victim);
            e = startFailure(plan(manifest("mounts:\n  /escape: {type: tmpfs, size: 4096}\n"), HostView.system(),
                    "true"));
            assertEquals("open mount target", e.step());
            assertEquals("ELOOP", Errno.name(e.errno()));
        } finally {
            Files.deleteIfExists(link);
        }
    }

    @Test
    void aFailingMountFailsOnlyThatStart() throws Exception {
        HostView lying = new HostView() {
            @Override
            public boolean exists(Path path) {
                return true;
            }

            @Override
            public OptionalInt groupId(String name) {
                return OptionalInt.empty();
            }
        };
        LaunchPlan plan = plan(manifest("mounts:\n  /ro: {type: bind, host: /nonexistent/northstar}\n"), lying, "true");
        StartFailedException e = startFailure(plan);
        assertEquals("open mount source", e.step());
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("/nonexistent/northstar"), e.getMessage());
        assertEquals("open mount source: ENOENT", e.cause());
        // the forker keeps serving
        assertEquals(new ExitStatus.Exit(0), sh(manifest(""), "exit 0").status());
    }

    @Test
    void execveFailureIsAStartFailure() throws Exception {
        LaunchPlan plan = plan(Manifest.parse("name: test\nversion: 0.0.1\ninit: /no/such/binary\nuid: 1000\n"
                + "gid: 1000\n"), HostView.system());
        StartFailedException e = startFailure(plan);
        assertEquals("execve: ENOENT", e.cause());
    }

    @Test
    void malformedFramesDoNotKillTheForker() throws Exception {
        long fdsBefore = openFds(forker.pid());
        NativeFd devnull = NativeFd.open("/dev/null", NativeFd.O_RDWR);
        try {
            forker.sendRaw(new byte[] {1, 2, 3}, List.of(devnull));
            forker.sendRaw(new byte[] {0, 0, 0, 99, 0, 0, 0, 2, 0, 0, 0, 7}, List.of());
            forker.sendRaw(new byte[] {0, 0, 0, 8, 0, 0, 0, 77, 0, 0, 0, 9}, List.of(devnull, devnull));
            // a START whose plan is cut short, with descriptors attached
            byte[] start = ForkerProtocol.start(12345, plan(manifest(""), HostView.system(), "true"));
            byte[] cut = java.util.Arrays.copyOf(start, start.length - 9);
            java.nio.ByteBuffer.wrap(cut).putInt(0, cut.length - 4);
            forker.sendRaw(cut, List.of(devnull, devnull, devnull));
        } finally {
            devnull.closeQuietly();
        }
        assertEquals(new ExitStatus.Exit(3), sh(manifest(""), "exit 3").status());
        assertTrue(forker.isAlive());
        assertTrue(rejected.stream().anyMatch(m -> m.contains("shorter than its header")), rejected.toString());
        assertTrue(rejected.stream().anyMatch(m -> m.contains("does not match")), rejected.toString());
        assertTrue(rejected.stream().anyMatch(m -> m.contains("unknown message type 77")), rejected.toString());
        // received descriptors of rejected frames are closed again
        assertEquals(fdsBefore, openFds(forker.pid()));
    }

    @Test
    void concurrentStartsReportTheRightExitPerContainer() throws Exception {
        List<CompletableFuture<Run>> runs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int code = 20 + i;
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return sh(manifest(""), "busybox sleep 0.$((RANDOM % 3)); echo " + code + "; exit " + code);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i).get(60, TimeUnit.SECONDS);
            assertEquals(new ExitStatus.Exit(20 + i), run.status(), run.output());
            assertEquals(Integer.toString(20 + i), run.output().trim());
        }
    }

    @Test
    void forkerRunsFromASealedMemfd() throws Exception {
        String exe = Files.readSymbolicLink(Path.of("/proc/" + forker.pid() + "/exe")).toString();
        assertTrue(exe.startsWith("/memfd:northstar-forker"), exe);
    }

    @Test
    void manyStartsLeakNoFdsAndNoProcesses() throws Exception {
        // warm up (class loading, jnr stubs) before counting
        sh(manifest(""), "exit 0");
        long jvmFds = openFds(ProcessHandle.current().pid());
        long forkerFds = openFds(forker.pid());
        for (int i = 0; i < 40; i++) {
            LaunchPlan plan = plan(manifest(""), HostView.system(), "sleep", "1000");
            NativeFd devnull = NativeFd.open("/dev/null", NativeFd.O_RDWR);
            Pid pid;
            try {
                pid = events.started(forker.start(plan, List.of(devnull, devnull, devnull))).get(30, TimeUnit.SECONDS);
            } finally {
                devnull.close();
            }
            events.killed(forker.kill(pid, 15)).get(10, TimeUnit.SECONDS);
            assertEquals(new ExitStatus.Signalled(15), exitOf(pid).get(30, TimeUnit.SECONDS));
            assertFalse(Files.exists(Path.of("/proc/" + pid.value())), "init " + pid + " was not reaped");
        }
        assertEquals(jvmFds, openFds(ProcessHandle.current().pid()));
        assertEquals(forkerFds, openFds(forker.pid()));
        assertEquals(List.of(), children(forker.pid()), "forker has children left");
        assertEquals(List.of(forker.pid()), children(ProcessHandle.current().pid()));
    }

    static long openFds(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }

    /** Children (live or zombie) of {@code pid}, from /proc/<pid>/task/<tid>/children. */
    static List<Long> children(long pid) throws IOException {
        List<Long> children = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                Path file = task.resolve("children");
                if (Files.exists(file)) {
                    for (String c : Files.readString(file).trim().split("\\s+")) {
                        if (!c.isEmpty()) {
                            children.add(Long.parseLong(c));
                        }
                    }
                }
            }
        }
        return children;
    }
}
