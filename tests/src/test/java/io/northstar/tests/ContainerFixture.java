package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.northstar.client.Client;
import io.northstar.common.Container;
import io.northstar.common.NonNulString;
import io.northstar.console.ExitStatus;
import io.northstar.console.Notification;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running runtime with a mem repository, a subscribed client and the test container and
 * resource packed (Northstar's test harness, process-sandbox §14.1): install, start with
 * arguments, stop (SIGTERM and the {@code exit} notification), await exits.
 */
final class ContainerFixture implements AutoCloseable {

    static final Container TEST_CONTAINER = Container.parse("test-container:0.0.1");
    static final Container TEST_RESOURCE = Container.parse("test-resource:0.0.1");
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String REPOSITORY = "mem";

    final Path root;
    final Path work;
    final TestConfig config;
    final RuntimeProcess runtime;
    final Client client;
    private Path testContainerNpk;
    private Path testResourceNpk;

    private ContainerFixture(Path root, TestConfig config, RuntimeProcess runtime, Client client) {
        this.root = root;
        this.work = root.resolve("work");
        this.config = config;
        this.runtime = runtime;
        this.client = client;
    }

    /** Adds to a fixture's config before its runtime starts. */
    @FunctionalInterface
    interface Tuning {
        void tune(TestConfig config) throws Exception;
    }

    /** Starts a runtime; {@code tune} may add to the config (repositories are added here). */
    static ContainerFixture start(String name, Tuning tune) throws Exception {
        Path root = Host.runtimeRoot(name);
        Files.createDirectories(root.resolve("work"));
        TestConfig config = new TestConfig(root).repository(TestConfig.Repo.mem(REPOSITORY));
        tune.tune(config);
        RuntimeProcess runtime = RuntimeProcess.start(config);
        Client client;
        try {
            client = Client.connect(URI.create("unix://" + config.console()), true, TIMEOUT);
        } catch (Exception e) {
            runtime.close();
            throw e;
        }
        return new ContainerFixture(root, config, runtime, client);
    }

    static ContainerFixture start(String name) throws Exception {
        return start(name, c -> { });
    }

    void installTestContainer() throws Exception {
        if (testContainerNpk == null) {
            testContainerNpk = TestContainers.testContainer(work);
        }
        assertEquals(TEST_CONTAINER, client.install(REPOSITORY, testContainerNpk));
        awaitNotification(new Notification.Install(TEST_CONTAINER));
    }

    void installTestResource() throws Exception {
        if (testResourceNpk == null) {
            testResourceNpk = TestContainers.testResource(work);
        }
        assertEquals(TEST_RESOURCE, client.install(REPOSITORY, testResourceNpk));
        awaitNotification(new Notification.Install(TEST_RESOURCE));
    }

    void installBoth() throws Exception {
        installTestResource();
        installTestContainer();
    }

    void uninstall(Container container) throws Exception {
        client.uninstall(container, true);
        awaitNotification(new Notification.Uninstall(container));
    }

    void uninstallBoth() throws Exception {
        uninstall(TEST_CONTAINER);
        uninstall(TEST_RESOURCE);
    }

    /** Set-up of a test that ends the fixture's runtime itself. */
    @FunctionalInterface
    interface SetUp<T> {
        T run() throws Exception;
    }

    /** Runs {@code setUp}; when it fails the fixture is closed, else the test goes on to end the runtime itself. */
    <T> T setUpOrClose(SetUp<T> setUp) throws Exception {
        try {
            return setUp.run();
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    /**
     * Each of {@code regexes} is logged after {@code mark}, each waited for a second at most: for the
     * last lines of a runtime that has exited, which are all written by then.
     */
    void awaitFinalLogs(int mark, String... regexes) throws InterruptedException {
        for (String regex : regexes) {
            runtime.awaitLog(mark, regex, Duration.ofSeconds(1));
        }
    }

    /** Installs the test container and its resource and starts {@code sleep}; returns the init's pid. */
    long installAndStartSleeping() throws Exception {
        installBoth();
        startWithArgs(TEST_CONTAINER, "sleep");
        return client.inspect(TEST_CONTAINER).process().orElseThrow().pid();
    }

    /** Start with arguments (needs start_command) and wait for the started notification. */
    void startWithArgs(Container container, String... args) throws Exception {
        client.start(container, Optional.empty(), Arrays.stream(args).map(NonNulString::of).toList(), Map.of());
        awaitNotification(new Notification.Started(container));
    }

    /** SIGTERM and the exit notification {@code signalled 15}. */
    void stop(Container container) throws Exception {
        client.kill(container, 15);
        assertEquals(new ExitStatus.Signalled(15), awaitExit(container));
    }

    /** The next notification for {@code container} must be its exit; other containers' are skipped. */
    ExitStatus awaitExit(Container container) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Notification n = next(deadline, "the exit of " + container);
            if (n instanceof Notification.Exit exit && exit.container().equals(container)) {
                return exit.status();
            }
        }
    }

    /** Skips notifications until {@code expected}. */
    void awaitNotification(Notification expected) throws Exception {
        awaitMatching(expected::equals, expected.toString());
    }

    Notification awaitMatching(java.util.function.Predicate<Notification> matches, String what) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Notification n = next(deadline, what);
            if (matches.test(n)) {
                return n;
            }
        }
    }

    private Notification next(long deadline, String what) throws Exception {
        long left = deadline - System.nanoTime();
        Optional<Notification> n = left > 0 ? client.awaitNotification(Duration.ofNanos(left)) : Optional.empty();
        if (n.isEmpty()) {
            throw new AssertionError("no notification " + what + " within " + TIMEOUT + "; log:\n"
                    + String.join("\n", runtime.log()));
        }
        return n.get();
    }

    /** The output lines of {@code container} in the log after {@code mark}, in order. */
    List<String> output(int mark, Container container) {
        String prefix = " " + container + ": ";
        List<String> log = runtime.log();
        return log.subList(Math.min(mark, log.size()), log.size()).stream().filter(l -> l.contains(prefix))
                .map(l -> l.substring(l.indexOf(prefix) + prefix.length())).toList();
    }

    /** Orderly shutdown through SIGTERM: exit status 0 and the top-level cgroup gone. */
    @Override
    public void close() throws Exception {
        try {
            client.close();
        } finally {
            int status = runtime.terminate();
            assertEquals(0, status, "orderly shutdown exits 0; log:\n" + String.join("\n", runtime.log()));
            runtime.awaitLog("Shutdown complete", Duration.ofSeconds(1));
        }
    }
}
