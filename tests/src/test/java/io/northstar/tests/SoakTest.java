package io.northstar.tests;

import static io.northstar.tests.ContainerFixture.TEST_CONTAINER;
import static io.northstar.tests.ContainerFixture.TEST_RESOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.northstar.client.Client;
import io.northstar.common.Container;
import io.northstar.common.NonNulString;
import io.northstar.console.Notification;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The soak (bench/soak runs it): start→exit cycles, install/uninstall cycles and mount/umount
 * cycles against one daemon, sampling its descriptors, threads, heap after GC, RSS, loop devices,
 * mounts and cgroups every 100 cycles. Prints the samples; fails if descriptors, threads, loop
 * devices, mounts or cgroups grew from the first sample to the last of a phase. Never asserts a
 * time. Off in the normal build (minutes long): {@code -Dnorthstar.soak=true}; the cycle counts are
 * {@code -Dnorthstar.soak.starts} (1000), {@code .installs} (200), {@code .mounts} (200).
 */
class SoakTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    record Sample(String phase, int cycle, long fds, long threads, long heapKib, long rssKib, long loops, long mounts,
            long cgroups) {
        String line() {
            return String.format(Locale.ROOT, "soak: %-8s %5d  fds %3d  threads %3d  heap %6d KiB  rss %7d KiB  "
                    + "loops %d  mounts %d  cgroups %d", phase, cycle, fds, threads, heapKib, rssKib, loops, mounts, cgroups);
        }
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.count();
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** Heap in use after a full GC, from jcmd (the daemon is a JVM of the same JDK). */
    private static long heapAfterGc(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, Long.toString(pid), "GC.run");
        String info = run(jcmd, Long.toString(pid), "GC.heap_info");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        long used = 0;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
        }
        return used;
    }

    private static Sample sample(String phase, int cycle, RuntimeProcess runtime, Path root) throws Exception {
        long pid = runtime.pid();
        Path proc = Path.of("/proc", Long.toString(pid));
        long threads = 0;
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    threads += name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre") ? 0 : 1;
                } catch (IOException e) {
                    // ended while listing
                }
            }
        }
        long rss = Files.readAllLines(proc.resolve("status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
        long loops = HostSnapshot.loopDevicesInUse().stream().filter(l -> l.contains(root.toString())).count();
        long mounts = runtime.mountInfo().size();
        long cgroups = 0;
        for (String controller : List.of("memory", "cpu", "pids")) {
            Path top = Path.of("/sys/fs/cgroup", controller, "northstar-test-" + ProcessHandle.current().pid());
            if (Files.isDirectory(top)) {
                try (Stream<Path> walk = Files.walk(top)) {
                    cgroups += walk.filter(Files::isDirectory).count();
                }
            }
        }
        Sample s = new Sample(phase, cycle, count(proc.resolve("fd")), threads, heapAfterGc(pid), rss, loops, mounts,
                cgroups);
        System.out.println(s.line());
        return s;
    }

    private static void assertNoGrowth(List<Sample> samples) {
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        String what = first.line() + "\n" + last.line();
        assertEquals(true, last.fds() <= first.fds(), "descriptors grew:\n" + what);
        assertEquals(true, last.threads() <= first.threads(), "threads grew:\n" + what);
        assertEquals(first.loops(), last.loops(), "loop devices:\n" + what);
        assertEquals(first.mounts(), last.mounts(), "mounts:\n" + what);
        assertEquals(first.cgroups(), last.cgroups(), "cgroups:\n" + what);
    }

    private static Notification.Exit awaitExit(Client client, Container container) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Notification> n = client.awaitNotification(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (n.isPresent() && n.get() instanceof Notification.Exit exit && exit.container().equals(container)) {
                return exit;
            }
        }
        throw new AssertionError("no exit of " + container);
    }

    @Test
    void soak() throws Exception {
        assumeTrue(Boolean.getBoolean("northstar.soak"), "the soak runs for minutes: bench/soak or -Dnorthstar.soak=true");
        Host.assumeRuntimeCanRun();
        Host.assumeMksquashfs();
        int starts = Integer.getInteger("northstar.soak.starts", 1000);
        int installs = Integer.getInteger("northstar.soak.installs", 200);
        int mounts = Integer.getInteger("northstar.soak.mounts", 200);
        Path root = Files.createTempDirectory("northstar-soak-");
        Path repo = Files.createDirectories(root.resolve("repo"));
        Path work = Files.createDirectories(root.resolve("work"));
        Path resource = TestContainers.testResource(work);
        Path container = TestContainers.testContainer(work);
        Container hello = Container.parse("hello:0.0.2");
        Path helloNpk = TestNpks.resource("hello-0.0.2.npk", work);
        TestConfig config = new TestConfig(root).repository(TestConfig.Repo.fs("fs", repo));
        try (RuntimeProcess runtime = RuntimeProcess.start(config);
             Client client = Client.connect(URI.create("unix://" + config.console()), true, TIMEOUT)) {
            client.install("fs", resource);
            client.install("fs", container);
            // Warm-up: the worker pools and classes the cycles use exist before the first sample.
            client.start(TEST_CONTAINER, Optional.empty(), List.of(NonNulString.of("exit"), NonNulString.of("0")), Map.of());
            awaitExit(client, TEST_CONTAINER);
            // jcmd's first attach starts the daemon's Attach Listener thread and its socket.
            heapAfterGc(runtime.pid());

            List<Sample> samples = new ArrayList<>();
            samples.add(sample("start", 0, runtime, root));
            for (int i = 1; i <= starts; i++) {
                client.start(TEST_CONTAINER, Optional.empty(), List.of(NonNulString.of("exit"), NonNulString.of("0")),
                        Map.of());
                awaitExit(client, TEST_CONTAINER);
                if (i % 100 == 0) {
                    samples.add(sample("start", i, runtime, root));
                }
            }
            assertNoGrowth(samples);

            client.umountAll(List.of(TEST_CONTAINER, TEST_RESOURCE));
            samples = new ArrayList<>(List.of(sample("install", 0, runtime, root)));
            for (int i = 1; i <= installs; i++) {
                assertEquals(hello, client.install("fs", helloNpk));
                client.uninstall(hello, true);
                if (i % 100 == 0 || i == installs) {
                    samples.add(sample("install", i, runtime, root));
                }
            }
            assertNoGrowth(samples);

            samples = new ArrayList<>(List.of(sample("mount", 0, runtime, root)));
            for (int i = 1; i <= mounts; i++) {
                client.mount(TEST_RESOURCE);
                client.umount(TEST_RESOURCE);
                if (i % 100 == 0 || i == mounts) {
                    samples.add(sample("mount", i, runtime, root));
                }
            }
            assertNoGrowth(samples);
            assertEquals(0, runtime.terminate());
        }
    }
}
