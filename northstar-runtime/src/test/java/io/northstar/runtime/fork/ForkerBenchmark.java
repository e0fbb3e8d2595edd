package io.northstar.runtime.fork;

import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.manifest.Manifest;
import io.northstar.runtime.sandbox.HostView;
import io.northstar.runtime.sandbox.LaunchPlan;
import io.northstar.runtime.sandbox.LaunchPlanner;
import io.northstar.runtime.sandbox.SandboxDirs;
import io.northstar.runtime.sandbox.StartArguments;
import io.northstar.runtime.sys.NativeFd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.northstar.console.ExitStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Prints container start latency (plan sent -> application exec'd) and
 * start-to-exit round trips of a busybox container with proc and tmpfs
 * mounts. Needs root and /bin/busybox. Run:
 * {@code java -cp <test classpath> io.northstar.runtime.fork.ForkerBenchmark [rounds]}.
 */
public final class ForkerBenchmark {
    private ForkerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path tmp = Files.createTempDirectory("forker-benchmark");
        SandboxDirs dirs = new SandboxDirs(tmp.resolve("run"), tmp.resolve("data"), tmp.resolve("sockets"));
        Path root = dirs.root(Container.of("bench", "0.0.1"));
        for (String d : List.of("bin", "proc", "tmp")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Manifest m = Manifest.parse("name: bench\nversion: 0.0.1\ninit: /bin/busybox\nuid: 1000\ngid: 1000\n"
                + "mounts:\n  /proc: {type: proc}\n  /tmp: {type: tmpfs, size: 1MB}\n");
        LaunchPlan plan = new LaunchPlanner(dirs, HostView.system()).plan(m,
                new StartArguments(Optional.empty(), List.of("true"), Map.of()), Map.<Name, Container>of(), List.of(),
                Optional.empty());
        Map<Integer, CompletableFuture<Long>> exits = new ConcurrentHashMap<>();
        long[] startNanos = new long[rounds];
        long[] roundTripNanos = new long[rounds];
        ForkerEvents events = new ForkerEvents() {
            @Override
            public void accept(ForkerEvent event) {
                if (event instanceof ForkerEvent.Exited exited) {
                    exits.computeIfAbsent(exited.pid().value(), p -> new CompletableFuture<>()).complete(System.nanoTime());
                }
                super.accept(event);
            }
        };
        try (Forker forker = Forker.start(events);
             NativeFd devnull = NativeFd.open("/dev/null", NativeFd.O_RDWR)) {
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                Pid pid = events.started(forker.start(plan, List.of(devnull, devnull, devnull))).get(30, TimeUnit.SECONDS);
                startNanos[i] = System.nanoTime() - t0;
                long end = exits.computeIfAbsent(pid.value(), p -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
                roundTripNanos[i] = end - t0;
                exits.remove(pid.value());
            }
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        print("start (plan sent -> exec'd)", startNanos);
        print("start -> exit reported", roundTripNanos);
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-30s n=%d  median %.2f ms  p90 %.2f ms  max %.2f ms%n", what, sorted.length,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.9)] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }
}
