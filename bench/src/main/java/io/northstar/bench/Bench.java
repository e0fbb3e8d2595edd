package io.northstar.bench;

import io.northstar.client.Client;
import io.northstar.client.RequestFailedException;
import io.northstar.common.Container;
import io.northstar.console.Notification;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Stream;

/**
 * The measuring half of bench/run, which prepares the NPKs, the OCI bundle and the work directory
 * and cleans up after it. Never asserts a timing: it prints what it measured.
 *
 * <pre>
 * Bench --root REPO --work DIR --key PUB --boot DIR --sleepers DIR --big NPK
 *       --spawnloop EXE --bundle DIR [--runs 50] [--boots 3] [--installs 3] [--rounds 5]
 *       [--daemon-java-opts OPTS] [--daemon-java-home DIR]
 * </pre>
 */
public final class Bench {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final Map<String, String> opts;
    private final Path root;
    private final Path work;
    private final URI console;
    private final Report report = new Report();
    private final String cgroup;
    private DaemonProcess daemon;
    private Path daemonLog;

    private Bench(Map<String, String> opts) {
        this.opts = opts;
        this.root = Path.of(required("root")).toAbsolutePath();
        this.work = Path.of(required("work")).toAbsolutePath();
        this.console = URI.create("unix://" + work.resolve("console.sock"));
        this.cgroup = "northstar-bench-" + ProcessHandle.current().pid();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option VALUE, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        Bench bench = new Bench(opts);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopDaemon));
        try {
            bench.run();
        } finally {
            bench.stopDaemon();
        }
        bench.report.print(System.out);
    }

    private String required(String key) {
        String v = opts.get(key);
        if (v == null) {
            throw new IllegalArgumentException("--" + key + " is missing");
        }
        return v;
    }

    private int intOpt(String key, int def) {
        return Integer.parseInt(opts.getOrDefault(key, Integer.toString(def)));
    }

    private synchronized void stopDaemon() {
        if (daemon != null) {
            daemon.close();
            daemon = null;
        }
    }

    private void run() throws Exception {
        report.put("loadavg_before", Files.readString(Path.of("/proc/loadavg")).trim());
        List<Container> boot = containers(Path.of(required("boot")));
        List<Container> sleepers = containers(Path.of(required("sleepers")));

        bootAndFootprint(boot);
        installThroughput();
        boolean canStart = startSupported(boot.get(0));
        if (canStart) {
            startLatency(boot.get(0));
            parallelStart(boot);
            // After the 5 warm-up starts, the timed starts and the parallel rounds: what the daemon
            // keeps once it has done its work (the goal is no growth after warm-up).
            Thread.sleep(2000);
            rssAfterStarts = Proc.rssMib(daemon.pid());
            report.value("daemon (JVM) RSS after the starts and the parallel rounds", rssAfterStarts, "MiB",
                    "daemon_rss_after_starts_mib");
            runningFootprint(sleepers);
        } else {
            report.note("start is not supported by this build of the runtime: start latency, parallel start and the"
                    + " footprint with running containers are not measured");
        }
        stopDaemon();
        report.put("loadavg_after", Files.readString(Path.of("/proc/loadavg")).trim());
        goals(boot.size());
    }

    // The figures of the goals table, kept for goals().
    private final Samples readyMounting = new Samples();
    private final Samples javaVersion = new Samples();
    private final Samples rssIdle = new Samples();
    private final Samples mountOnStart = new Samples();
    private final Map<String, Samples> installMount = new HashMap<>();
    private final Samples crun = new Samples();
    private double rssAfterStarts = Double.NaN;

    /**
     * The goals table of docs/performance.md: each figure of this run with its goal beside it, under
     * the summary keys that compare runs (rss_idle_mib, ready_ratio, ...).
     */
    private void goals(int npks) {
        report.section("goals (docs/performance.md), this run");
        double rss = median(rssIdle);
        report.goal("daemon RSS idle, " + npks + " NPKs mounted", rss, "MiB", "rss_idle_mib", "<= 48 MiB", rss <= 48);
        report.goal("daemon RSS after the starts and parallel rounds", rssAfterStarts, "MiB", "rss_after_starts_mib",
                "<= 56 MiB", rssAfterStarts <= 56);
        double ready = median(readyMounting) / 1000;
        double java = median(javaVersion) / 1000;
        report.goal("launch -> console ready, " + npks + " mount_on_start", ready, "s", "ready_s", "", true);
        report.goal("java -version of the same JDK, same run", java, "s", "java_version_s", "", true);
        report.goal("ready / java -version", ready / java, "x", "ready_ratio", "<= 4x", ready / java <= 4);
        for (String repo : List.of("mem", "fs")) {
            double gbps = median(installMount.getOrDefault(repo, new Samples())) / 1000;
            report.goal("verified install + mount of the big NPK, " + repo, gbps, "GB/s",
                    "install_mount_verified_gbps_" + repo, ">= 1 GB/s", gbps >= 1);
        }
        double mos = median(mountOnStart);
        report.goal("mount_on_start of " + npks + " NPKs (log phase)", mos, "ms", "mount_on_start_20_ms", "<= 200 ms",
                mos <= 200);
        double start = median(ours);
        double base = median(crun);
        report.goal("start -> exit notification", start, "ms", "start_median_ms", "", true);
        report.goal(baselineTool + " run of the same binary, interleaved", base, "ms", "crun_median_ms", "", true);
        report.goal("start / " + baselineTool, start / base, "x", "start_ratio_crun", "<= 0.8x", start / base <= 0.8);
    }

    private static double median(Samples s) {
        return s.isEmpty() ? Double.NaN : s.median();
    }

    /**
     * Spawn to exit of {@code java -version} of the JDK that bin/northstar runs on: the JVM's own
     * start-up, the yardstick of the ready time (ready_ratio).
     */
    private double javaVersionMs() throws IOException, InterruptedException {
        if (javaHome == null) {
            javaHome = daemonJavaHome();
        }
        if (javaHome == null) {
            Process p = new ProcessBuilder(root.resolve("bin/java-home").toString()).redirectErrorStream(true).start();
            String home = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() != 0) {
                throw new IOException("bin/java-home failed: " + home);
            }
            javaHome = Path.of(home);
        }
        ProcessBuilder pb = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        long t0 = System.nanoTime();
        int status = pb.start().waitFor();
        double ms = (System.nanoTime() - t0) / 1e6;
        if (status != 0) {
            throw new IOException(javaHome + "/bin/java -version exited with status " + status);
        }
        return ms;
    }

    private Path javaHome;

    /** The Java runtime the daemon runs on when --daemon-java-home names one; else bin/java-home's. */
    private Path daemonJavaHome() {
        String home = opts.get("daemon-java-home");
        return home == null ? null : Path.of(home).toAbsolutePath();
    }

    /** name:version of every NPK in dir, from the file name sextant gives it (name-version.npk). */
    private static List<Container> containers(Path dir) throws IOException {
        List<Container> result = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                String f = p.getFileName().toString().replaceAll("\\.npk$", "");
                int dash = f.lastIndexOf('-');
                result.add(Container.of(f.substring(0, dash), f.substring(dash + 1)));
            }
        }
        return result;
    }

    private Path writeConfig(boolean mountOnStart) throws IOException {
        String key = required("key");
        Path fs = work.resolve("fs");
        Files.createDirectories(fs);
        String toml = String.join("\n",
                "run_dir = \"" + work.resolve("run") + "\"",
                "data_dir = \"" + work.resolve("data") + "\"",
                "socket_dir = \"" + work.resolve("sockets") + "\"",
                "cgroup = \"" + cgroup + "\"",
                "[console.global]",
                "bind = \"" + console + "\"",
                "permissions = \"full\"",
                // 20 parallel starts use a connection each (the default allows 8 at once).
                "max_connections = 64",
                "[console.global.options]",
                // The benchmark sends requests as fast as it can: no throttling, large uploads.
                "max_requests_per_sec = 1000000",
                "max_npk_install_size = \"1GB\"",
                "npk_stream_timeout = \"60s\"",
                "[repositories.mem]",
                "type = \"mem\"",
                "key = \"" + key + "\"",
                "capacity_num = 100",
                "capacity_size = \"1GB\"",
                "[repositories.fs]",
                "type = { fs = { dir = \"" + fs + "\" } }",
                "key = \"" + key + "\"",
                "[repositories.boot]",
                "type = { fs = { dir = \"" + Path.of(required("boot")).toAbsolutePath() + "\" } }",
                "key = \"" + key + "\"",
                "mount_on_start = " + mountOnStart,
                "");
        Path config = work.resolve("northstar-" + (mountOnStart ? "mount" : "nomount") + ".toml");
        Files.writeString(config, toml);
        return config;
    }

    private DaemonProcess spawn(boolean mountOnStart, Path log) throws IOException {
        Files.deleteIfExists(work.resolve("console.sock"));
        DaemonProcess d = DaemonProcess.spawn(root, writeConfig(mountOnStart), console, log,
                opts.get("daemon-java-opts"), daemonJavaHome());
        // For bench/run's clean-up, should this driver be killed without running its shutdown hook.
        Files.writeString(work.resolve("daemon.pid"), Long.toString(d.pid()));
        synchronized (this) {
            daemon = d;
        }
        return d;
    }

    private Client connect(boolean notifications) throws IOException {
        return Client.connect(console, notifications, TIMEOUT);
    }

    /**
     * Daemon start to console ready with and without mount_on_start of the boot repository, the
     * phases of each start from the log, and the idle footprint with those containers installed
     * and mounted. The last daemon keeps running.
     */
    private void bootAndFootprint(List<Container> boot) throws Exception {
        int boots = intOpt("boots", 3);
        Samples plain = new Samples();
        Samples mounting = readyMounting;
        Samples loadPhase = new Samples();
        Samples mountPhase = new Samples();
        Samples plainPhase = new Samples();
        Samples rss = rssIdle;
        Samples forker = new Samples();
        // Not counted: lets bin/northstar write its class-data sharing archive, as the first start
        // after an installation does.
        spawn(false, work.resolve("northstar-warmup.log")).awaitReady();
        stopDaemon();
        for (int i = 0; i < boots; i++) {
            for (boolean mount : new boolean[] {false, true}) {
                // Interleaved with the daemon starts, so both see the same load.
                for (int j = 0; j < 2; j++) {
                    javaVersion.add(javaVersionMs());
                }
                Path log = work.resolve("northstar-" + i + (mount ? "-mount" : "-plain") + ".log");
                DaemonProcess d = spawn(mount, log);
                (mount ? mounting : plain).add(d.awaitReady());
                StartupLog phases = StartupLog.read(log);
                loadPhase.add(phases.loadPhaseMs());
                (mount ? mountPhase : plainPhase).add(phases.mountPhaseMs());
                if (mount) {
                    mountOnStart.add(phases.mountPhaseMs());
                }
                if (mount) {
                    try (Client c = connect(false)) {
                        long mounted = c.list().size();
                        if (mounted < boot.size()) {
                            throw new IllegalStateException("the runtime lists " + mounted + " containers, expected "
                                    + boot.size());
                        }
                    }
                    // Idle: let start-up garbage and JIT threads settle.
                    Thread.sleep(2000);
                    rss.add(Proc.rssMib(d.pid()));
                    d.forkerPid().ifPresent(f -> forker.add(Proc.rssMib(f)));
                }
                if (i == boots - 1 && mount) {
                    report.put("daemon_command", d.commandLine());
                    daemonLog = log;
                } else {
                    stopDaemon();
                }
            }
        }
        report.section("daemon start with " + boot.size() + " NPKs in a repository (spawn to console ready)");
        report.samples("ready, mount_on_start = false", plain, "ms", "ready_plain");
        report.samples("ready, mount_on_start = true", mounting, "ms", "ready_mount");
        report.samples("log: first line to repositories loaded", loadPhase, "ms", "load_phase");
        report.samples("log: loaded to ready, no mount_on_start", plainPhase, "ms", "ready_phase_plain");
        report.samples("log: loaded to ready, " + boot.size() + " mount_on_start", mountPhase, "ms", "mount_on_start");
        report.value("per mount (mount_on_start phase / " + boot.size() + ")",
                (mountPhase.median() - plainPhase.median()) / boot.size(), "ms", "mount_on_start_each_ms");

        // The same mounts through the console: umount all, mount all in one request (parallel, as at start).
        Samples together = new Samples();
        Samples single = new Samples();
        try (Client c = connect(false)) {
            for (int i = 0; i < Math.max(3, boots); i++) {
                c.umountAll(boot);
                long t0 = System.nanoTime();
                c.mountAll(boot);
                together.add((System.nanoTime() - t0) / 1e6);
            }
            for (int i = 0; i < Math.max(3, boots); i++) {
                c.umountAll(boot);
                for (Container container : boot) {
                    long t0 = System.nanoTime();
                    c.mount(container);
                    single.add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        report.samples("console: mount of " + boot.size() + " in one request", together, "ms", "mount_request_all");
        report.samples("console: mount of one container", single, "ms", "mount_request_one");

        report.section("footprint, idle, " + boot.size() + " NPKs installed and mounted");
        report.samples("daemon (JVM) RSS", rss, "MiB", "daemon_rss_idle");
        report.samples("forker RSS", forker, "MiB", "forker_rss_idle");
        report.samples("java -version of the same JDK (interleaved with the starts)", javaVersion, "ms", "java_version");
    }

    /**
     * A large signed NPK into mem and fs. Install checks the signature and the hashes of the NPK's
     * entries; the dm-verity hash tree is checked when the image is mounted (by the kernel, or on a
     * host without device-mapper in user space, block by block), so the mount is timed too.
     */
    private void installThroughput() throws Exception {
        Path big = Path.of(required("big"));
        double mb = Files.size(big) / 1e6;
        int installs = intOpt("installs", 3);
        report.section(String.format("a %.0f MB signed NPK: install (upload + signature) and mount (verity tree)", mb));
        for (String repo : List.of("mem", "fs")) {
            Samples install = new Samples();
            Samples mount = new Samples();
            Samples both = new Samples();
            try (Client c = connect(false)) {
                for (int i = 0; i < installs; i++) {
                    long t0 = System.nanoTime();
                    Container installed = c.install(repo, big);
                    long t1 = System.nanoTime();
                    c.mount(installed);
                    long t2 = System.nanoTime();
                    install.add(mb / ((t1 - t0) / 1e9));
                    mount.add(mb / ((t2 - t1) / 1e9));
                    both.add(mb / ((t2 - t0) / 1e9));
                    c.umount(installed);
                    c.uninstall(installed, true);
                }
            }
            report.samples("install into " + repo, install, "MB/s", "install_" + repo);
            report.samples("mount from " + repo + " (hash tree verified)", mount, "MB/s", "mount_" + repo);
            report.samples("install + mount, " + repo, both, "MB/s", "install_mount_" + repo);
            installMount.put(repo, both);
        }
        report.samples("daemon RSS after the installs", one(Proc.rssMib(daemon.pid())), "MiB", "daemon_rss_after_install");
    }

    private static Samples one(double v) {
        Samples s = new Samples();
        s.add(v);
        return s;
    }

    private boolean startSupported(Container c) throws IOException {
        try (Client client = connect(true)) {
            client.start(c);
            awaitExit(client, Set.of(c), Set.of());
            return true;
        } catch (RequestFailedException e) {
            report.put("start_unsupported", e.getMessage());
            return false;
        }
    }

    /** Waits for the exit notifications of {@code exits}, recording when each arrives. */
    private static Map<Container, Long> awaitExit(Client client, Set<Container> exits, Set<Container> started)
            throws IOException {
        Map<Container, Long> at = new HashMap<>();
        Set<Container> pendingExit = new HashSet<>(exits);
        Set<Container> pendingStart = new HashSet<>(started);
        while (!pendingExit.isEmpty() || !pendingStart.isEmpty()) {
            Optional<Notification> n = client.awaitNotification(TIMEOUT);
            if (n.isEmpty()) {
                throw new IOException("no notification within " + TIMEOUT + "; waiting for the exit of " + pendingExit
                        + " and the start of " + pendingStart);
            }
            long now = System.nanoTime();
            Optional<Lifecycle> event = Lifecycle.of(n.get());
            if (event.isEmpty()) {
                continue;
            }
            Container c = event.get().container();
            switch (event.get().kind()) {
                case EXITED -> {
                    if (pendingExit.remove(c)) {
                        at.put(c, now);
                    }
                }
                case STARTED -> {
                    if (pendingStart.remove(c)) {
                        at.putIfAbsent(c, now);
                    }
                }
            }
        }
        return at;
    }

    private final Samples ours = new Samples();

    /**
     * start request sent to exit notification received, one container at a time, in blocks of 5
     * alternating with blocks of 5 `crun run` of the same binary: the host's load changes by the
     * minute, and both sides should see the same.
     */
    private void startLatency(Container c) throws Exception {
        int runs = intOpt("runs", 50);
        Samples response = new Samples();
        Samples base = new Samples();
        Optional<List<String>> baseline = baselineCommand();
        List<StartSplit.Run> wall = new ArrayList<>();
        try (Client client = connect(true)) {
            // Warm-up runs are not counted (the JIT compiles the start path).
            for (int i = 0; i < 5; i++) {
                client.start(c);
                awaitExit(client, Set.of(c), Set.of());
            }
            for (int i = 0; i < runs; i++) {
                if (i % 5 == 0 && baseline.isPresent()) {
                    String err = measure(baselineRuns(baseline.get(), Math.min(5, runs - i), i), base);
                    if (err != null) {
                        throw new IOException(baseline.get().get(0) + " failed: " + err);
                    }
                }
                LocalTime sent = LocalTime.now();
                long t0 = System.nanoTime();
                client.start(c);
                long t1 = System.nanoTime();
                awaitExit(client, Set.of(c), Set.of());
                long t2 = System.nanoTime();
                wall.add(new StartSplit.Run(sent, LocalTime.now()));
                response.add((t1 - t0) / 1e6);
                ours.add((t2 - t0) / 1e6);
            }
        }
        report.section("start latency of a trivial static container, " + baselineTool + " interleaved in blocks of 5");
        report.samples("northstar: start to exit notification", ours, "ms", "start");
        report.samples("northstar: start to start response", response, "ms", "start_response");
        List<double[]> split = StartSplit.phases(daemonLog, c, wall);
        String[] keys = {"split_console", "split_launch", "split_run", "split_exit", "split_notify"};
        for (int p = 0; p < StartSplit.PHASES.size(); p++) {
            Samples phase = new Samples();
            for (double[] run : split) {
                phase.add(run[p]);
            }
            report.samples("  split (log, ms stamps): " + StartSplit.PHASES.get(p), phase, "ms", keys[p]);
        }
        if (baseline.isPresent()) {
            String tool = baselineTool;
            report.samples(tool + " run of the same binary as an OCI bundle (spawn to exit)", base, "ms", "baseline");
            crun.addAll(base);
            report.put("baseline_tool", tool);
            report.value("ratio northstar / " + tool + " (medians)", ours.median() / base.median(), "x", "start_ratio");
        }
    }

    /** N containers started at once from N connections. */
    private void parallelStart(List<Container> boot) throws Exception {
        int rounds = intOpt("rounds", 5);
        Samples allStarted = new Samples();
        Samples allExited = new Samples();
        List<Client> clients = new ArrayList<>();
        try (Client listener = connect(true)) {
            for (int i = 0; i < boot.size(); i++) {
                clients.add(connect(false));
            }
            for (int r = 0; r < rounds; r++) {
                CyclicBarrier go = new CyclicBarrier(boot.size() + 1);
                List<Thread> threads = new ArrayList<>();
                List<Throwable> errors = new ArrayList<>();
                for (int i = 0; i < boot.size(); i++) {
                    Client c = clients.get(i);
                    Container container = boot.get(i);
                    Thread t = new Thread(() -> {
                        try {
                            go.await();
                            c.start(container);
                        } catch (Exception e) {
                            synchronized (errors) {
                                errors.add(e);
                            }
                        }
                    });
                    t.start();
                    threads.add(t);
                }
                go.await();
                long t0 = System.nanoTime();
                Map<Lifecycle.Kind, Long> last = awaitAll(listener, new HashSet<>(boot));
                for (Thread t : threads) {
                    t.join();
                }
                if (!errors.isEmpty()) {
                    throw new IOException("parallel start failed: " + errors.get(0).getMessage(), errors.get(0));
                }
                allStarted.add((last.get(Lifecycle.Kind.STARTED) - t0) / 1e6);
                allExited.add((last.get(Lifecycle.Kind.EXITED) - t0) / 1e6);
            }
        } finally {
            for (Client c : clients) {
                c.close();
            }
        }
        report.section(boot.size() + " containers started at once (" + boot.size() + " connections)");
        report.samples("until all started", allStarted, "ms", "parallel_started");
        report.samples("until all exited", allExited, "ms", "parallel_exited");
    }

    /** When the last started and the last exit notification of {@code containers} arrived. */
    private static Map<Lifecycle.Kind, Long> awaitAll(Client client, Set<Container> containers) throws IOException {
        Set<Container> started = new HashSet<>();
        Set<Container> exited = new HashSet<>();
        Map<Lifecycle.Kind, Long> last = new HashMap<>();
        while (exited.size() < containers.size()) {
            Optional<Notification> n = client.awaitNotification(TIMEOUT);
            if (n.isEmpty()) {
                throw new IOException("no notification within " + TIMEOUT + "; started " + started + ", exited " + exited);
            }
            long now = System.nanoTime();
            Optional<Lifecycle> event = Lifecycle.of(n.get());
            if (event.isEmpty() || !containers.contains(event.get().container())) {
                continue;
            }
            Container c = event.get().container();
            switch (event.get().kind()) {
                case STARTED -> {
                    if (started.add(c)) {
                        last.put(Lifecycle.Kind.STARTED, now);
                    }
                }
                case EXITED -> {
                    if (exited.add(c)) {
                        last.put(Lifecycle.Kind.EXITED, now);
                    }
                    // An exit implies the start, should its notification be missing.
                    if (started.add(c)) {
                        last.put(Lifecycle.Kind.STARTED, now);
                    }
                }
            }
        }
        return last;
    }

    /** Footprint with long-running containers: daemon, forker, and each container's init and application. */
    private void runningFootprint(List<Container> sleepers) throws Exception {
        Path dir = Path.of(required("sleepers"));
        try (Client c = connect(true)) {
            List<Container> installed = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                    installed.add(c.install("mem", p));
                }
            }
            double daemonBefore = Proc.rssMib(daemon.pid());
            long forker = daemon.forkerPid().orElseThrow(() -> new IllegalStateException("containers start, but the runtime has no forker child"));
            double forkerBefore = Proc.rssMib(forker);
            for (Container s : installed) {
                c.start(s);
            }
            awaitExit(c, Set.of(), new HashSet<>(installed));
            Thread.sleep(1000);
            Samples inits = new Samples();
            Samples apps = new Samples();
            for (long init : Proc.children(forker)) {
                inits.add(Proc.rssMib(init));
                for (long app : Proc.children(init)) {
                    apps.add(Proc.rssMib(app));
                }
            }
            report.section("footprint with " + installed.size() + " containers running");
            report.samples("daemon (JVM) RSS", one(Proc.rssMib(daemon.pid())), "MiB", "daemon_rss_running");
            report.samples("forker RSS", one(Proc.rssMib(forker)), "MiB", "forker_rss_running");
            report.samples("per container: its init", inits, "MiB", "init_rss");
            report.samples("per container: its application", apps, "MiB", "app_rss");
            report.value("daemon growth per running container",
                    (Proc.rssMib(daemon.pid()) - daemonBefore) / installed.size(), "MiB", "daemon_rss_per_container_mib");
            report.value("forker growth per running container",
                    (Proc.rssMib(forker) - forkerBefore) / installed.size(), "MiB", "forker_rss_per_container_mib");
            for (Container s : installed) {
                c.kill(s, 9);
            }
            awaitExit(c, new HashSet<>(installed), Set.of());
            for (Container s : installed) {
                c.uninstall(s, true);
            }
        }
    }

    private String baselineTool = "crun";

    /**
     * The spawnloop command running crun (or runc, when crun fails) on the bundle, with the run
     * count as its second element; empty, with a note, when neither works.
     */
    private Optional<List<String>> baselineCommand() throws IOException, InterruptedException {
        String spawnloop = required("spawnloop");
        String bundle = required("bundle");
        String id = "northstar-bench-" + ProcessHandle.current().pid() + "-{}";
        // crun 1.8 refuses a host whose cgroup2 mount holds a controller: hide it in a private mount namespace.
        List<String> crun = List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs northstar-bench /sys/fs/cgroup/unified 2>/dev/null; exec \"$@\"", "sh",
                spawnloop, "1", "crun", "run", "--bundle", bundle, id);
        List<String> runc = List.of(spawnloop, "1", "runc", "run", "--bundle", bundle, id);
        String err = measure(baselineRuns(crun, 1, 1000), new Samples());
        if (err == null) {
            return Optional.of(crun);
        }
        report.note("crun failed (" + err + "); runc is the baseline instead");
        baselineTool = "runc";
        err = measure(baselineRuns(runc, 1, 1000), new Samples());
        if (err == null) {
            return Optional.of(runc);
        }
        report.note("runc failed too, no baseline: " + err);
        return Optional.empty();
    }

    /** {@code command} with its run count set to {@code runs} and container ids starting at {@code first}. */
    private static List<String> baselineRuns(List<String> command, int runs, int first) {
        List<String> result = new ArrayList<>(command);
        int loop = result.indexOf("1");
        result.set(loop, Integer.toString(runs));
        result.replaceAll(a -> a.contains("{}") ? a.replace("{}", first + "-{}") : a);
        return result;
    }

    /** Runs a spawnloop command line; null when it worked, else what went wrong. */
    private String measure(List<String> command, Samples into) throws IOException, InterruptedException {
        Path out = work.resolve("spawnloop.out");
        Path errFile = work.resolve("spawnloop.err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(errFile.toFile()).start();
        int status = p.waitFor();
        for (String line : Files.readAllLines(out)) {
            if (!line.isBlank()) {
                into.add(Long.parseLong(line.trim()) / 1e6);
            }
        }
        if (status != 0) {
            String e = Files.readString(errFile).trim();
            return "status " + status + ": " + e.substring(Math.max(0, e.length() - 400));
        }
        return null;
    }
}
