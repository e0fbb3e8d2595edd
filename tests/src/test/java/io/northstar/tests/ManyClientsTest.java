package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.client.Client;
import io.northstar.client.RequestFailedException;
import io.northstar.common.Container;
import io.northstar.console.Notification;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Many console clients at once, all subscribed to notifications, each doing list, inspect, start
 * and kill against a few containers: every start that succeeded yields exactly one {@code started}
 * and one {@code exit} notification at every client, in that order; no connection dies; the
 * daemon's threads and descriptors return to where they were. Prints request latency.
 *
 * <p>{@code -Dnorthstar.test.clients=N} sets the number of clients (default 200, which a 2-core
 * machine runs in well under a minute); {@code -Dnorthstar.test.rounds=R} the rounds per client
 * (default 3). docs/reliability.md shows how to run 1,000.
 */
class ManyClientsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int CLIENTS = Integer.getInteger("northstar.test.clients", 200);
    private static final int ROUNDS = Integer.getInteger("northstar.test.rounds", 3);
    private static final int CONTAINERS = 6;

    private record Sample(String request, long nanos) {
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.count();
        }
    }

    /** The daemon's thread names, without the JVM's own (compiler threads come and go with the load). */
    private static List<String> threads(long pid) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
                        names.add(name);
                    }
                } catch (IOException e) {
                    // ended while listing
                }
            }
        }
        Collections.sort(names);
        return names;
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static <T> T timed(String request, ConcurrentLinkedQueue<Sample> samples, IoCall<T> call) throws IOException {
        long start = System.nanoTime();
        try {
            return call.run();
        } finally {
            samples.add(new Sample(request, System.nanoTime() - start));
        }
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T run() throws IOException;
    }

    private static String percentiles(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, "n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms", sorted.size(),
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * 0.99)) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6);
    }

    @Test
    void manyClientsGetEveryStartedAndExitNotificationExactlyOnce() throws Exception {
        Path root = Host.runtimeRoot("clients");
        Path work = Files.createDirectories(root.resolve("work"));
        // Every client holds a connection at once, the admin one more: above the default max_connections.
        TestConfig config = new TestConfig(root).repository(TestConfig.Repo.mem("mem"))
                .globalKey("max_connections = " + (CLIENTS + 1));
        URI url = URI.create("unix://" + config.console());
        List<Container> containers = new ArrayList<>();
        try (RuntimeProcess runtime = RuntimeProcess.start(config)) {
            try (Client admin = Client.connect(url, false, TIMEOUT)) {
                for (int c = 0; c < CONTAINERS; c++) {
                    String name = "load-" + c;
                    Path npk = TestContainers.withBinary(work, name + ".npk", "name: " + name + "\nversion: 0.0.1\n"
                            + "init: /test-container\nuid: 1000\ngid: 1000\n");
                    containers.add(admin.install("mem", npk));
                }
                // The baseline below includes the runtime's fixed pool of mount threads.
                admin.mountAll(containers);
            }
            Path fds = Path.of("/proc", Long.toString(runtime.pid()), "fd");
            long fdsBefore = count(fds);
            List<String> threadsBefore = threads(runtime.pid());
            long rssBefore = rssKib(runtime.pid());

            List<Client> clients = Collections.synchronizedList(new ArrayList<>());
            ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
            Map<Container, AtomicInteger> started = new ConcurrentHashMap<>();
            containers.forEach(c -> started.put(c, new AtomicInteger()));
            AtomicInteger refused = new AtomicInteger();
            long peakRss = rssBefore;
            long began = System.nanoTime();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Client>> connecting = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    connecting.add(pool.submit(() -> timed("connect", samples, () -> Client.connect(url, true, TIMEOUT))));
                }
                for (Future<Client> f : connecting) {
                    clients.add(f.get());
                }
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> rounds = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    Client client = clients.get(i);
                    int index = i;
                    rounds.add(pool.submit(() -> {
                        go.await();
                        for (int r = 0; r < ROUNDS; r++) {
                            Container container = containers.get((index + r) % CONTAINERS);
                            timed("list", samples, client::list);
                            timed("inspect", samples, () -> client.inspect(container));
                            try {
                                timed("start", samples, () -> {
                                    client.start(container);
                                    return null;
                                });
                            } catch (RequestFailedException e) {
                                // Another client's start of the same container is running: fine, not counted.
                                refused.incrementAndGet();
                                continue;
                            }
                            started.get(container).incrementAndGet();
                            timed("kill", samples, () -> {
                                client.kill(container, 9);
                                return null;
                            });
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : rounds) {
                    while (true) {
                        try {
                            f.get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                            break;
                        } catch (java.util.concurrent.TimeoutException e) {
                            peakRss = Math.max(peakRss, rssKib(runtime.pid()));
                        }
                    }
                }
                peakRss = Math.max(peakRss, rssKib(runtime.pid()));

                // Every client now reads until it has seen every start's two notifications.
                Map<Container, Integer> expected = new HashMap<>();
                started.forEach((c, n) -> expected.put(c, n.get()));
                List<Future<?>> checks = new ArrayList<>();
                for (Client client : clients) {
                    checks.add(pool.submit(() -> {
                        checkNotifications(client, expected);
                        timed("list", samples, client::list); // the connection is alive after all that
                        return null;
                    }));
                }
                for (Future<?> f : checks) {
                    f.get();
                }
            } finally {
                for (Client client : clients) {
                    client.close();
                }
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            int starts = started.values().stream().mapToInt(AtomicInteger::get).sum();
            assertTrue(starts > 0, "some starts succeeded");

            // Connections closed: the daemon's threads and descriptors come back down.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((count(fds) > fdsBefore || threads(runtime.pid()).size() > threadsBefore.size())
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long fdsAfter = count(fds);
            List<String> threadsAfter = threads(runtime.pid());
            long rssAfter = rssKib(runtime.pid());
            System.out.printf(Locale.ROOT, "many clients: %d clients x %d rounds in %.1f s; %d starts, %d refused "
                    + "(container busy)%n", CLIENTS, ROUNDS, seconds, starts, refused.get());
            for (String request : List.of("connect", "list", "inspect", "start", "kill")) {
                System.out.printf(Locale.ROOT, "many clients: %-8s %s%n", request, percentiles(
                        samples.stream().filter(s -> s.request().equals(request)).map(Sample::nanos).toList()));
            }
            System.out.printf(Locale.ROOT, "many clients: all      %s%n",
                    percentiles(samples.stream().map(Sample::nanos).toList()));
            System.out.printf(Locale.ROOT, "many clients: daemon RSS %d KiB before, %d KiB peak, %d KiB after; "
                    + "fds %d -> %d; threads %d -> %d%n", rssBefore, peakRss, rssAfter, fdsBefore, fdsAfter,
                    threadsBefore.size(), threadsAfter.size());
            assertTrue(fdsAfter <= fdsBefore, "descriptors back to " + fdsBefore + ": " + fdsAfter);
            assertTrue(threadsAfter.size() <= threadsBefore.size(), "threads back to " + threadsBefore + ": " + threadsAfter);
            assertEquals(0, runtime.terminate());
        }
    }

    /** Exactly {@code expected} started and exit notifications per container, alternating, and nothing more. */
    private static void checkNotifications(Client client, Map<Container, Integer> expected) throws IOException {
        Map<Container, List<String>> seen = new HashMap<>();
        expected.keySet().forEach(c -> seen.put(c, new ArrayList<>()));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!complete(seen, expected)) {
            long left = deadline - System.nanoTime();
            Optional<Notification> n = left > 0 ? client.awaitNotification(Duration.ofNanos(left)) : Optional.empty();
            if (n.isEmpty()) {
                throw new AssertionError("notifications missing: expected " + expected + " of each, saw " + seen);
            }
            record(n.get(), seen);
        }
        // Anything more would be a duplicate.
        Optional<Notification> extra;
        while ((extra = client.awaitNotification(Duration.ofMillis(300))).isPresent()) {
            record(extra.get(), seen);
        }
        for (Map.Entry<Container, List<String>> e : seen.entrySet()) {
            int n = expected.get(e.getKey());
            List<String> alternating = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                alternating.add("started");
                alternating.add("exit");
            }
            assertEquals(alternating, e.getValue(), e.getKey() + ": one started and one exit per start, in order");
        }
    }

    private static void record(Notification n, Map<Container, List<String>> seen) {
        switch (n) {
            case Notification.Started s when seen.containsKey(s.container()) -> seen.get(s.container()).add("started");
            case Notification.Exit x when seen.containsKey(x.container()) -> seen.get(x.container()).add("exit");
            default -> { }
        }
    }

    private static boolean complete(Map<Container, List<String>> seen, Map<Container, Integer> expected) {
        return expected.entrySet().stream().allMatch(e -> seen.get(e.getKey()).size() >= 2 * e.getValue());
    }
}
