package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.northstar.client.Client;
import io.northstar.common.Container;
import io.northstar.console.ExitStatus;
import io.northstar.console.Notification;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example container of examples/ (as packed by the build, signed with
 * the demo key) in a verified fs repository of a real runtime: each one that
 * has an init starts and behaves as its manifest says. The console, token and
 * memeater examples are covered by {@link ContainerConsoleTest}.
 */
class ExamplesTest extends SharedRuntime {
    private static final Path TOP = Path.of("..").toAbsolutePath().normalize();
    private static final Path NPKS = TOP.resolve("examples/target/npk");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Override
    protected TestConfig configure() throws Exception {
        Host.assumeRuntimeCanRun();
        assumeTrue(Files.exists(NPKS.resolve("hello-world-0.0.1.npk")), "the example NPKs are not built: " + NPKS);
        Path root = Files.createTempDirectory("northstar-examples-");
        Path repo = Files.createDirectories(root.resolve("repository"));
        try (DirectoryStream<Path> npks = Files.newDirectoryStream(NPKS, "*.npk")) {
            for (Path npk : npks) {
                Files.copy(npk, repo.resolve(npk.getFileName()));
            }
        }
        return new TestConfig(root)
                .repository(TestConfig.Repo.fs("default", repo).key(TOP.resolve("examples/keys/northstar.pub")));
    }

    private Client client() throws IOException {
        return Client.connect(URI.create("unix://" + config.console()), true, TIMEOUT);
    }

    /** Starts {@code container} and waits for its exit notification. */
    private ExitStatus run(String container) throws Exception {
        Container c = Container.parse(container);
        try (Client client = client()) {
            client.start(c);
            return awaitExit(client, c);
        }
    }

    private static ExitStatus awaitExit(Client client, Container c) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Notification> n = client.awaitNotification(Duration.ofSeconds(1));
            if (n.isPresent() && n.get() instanceof Notification.Exit exit && exit.container().equals(c)) {
                return exit.status();
            }
        }
        throw new AssertionError("no exit notification of " + c + " within " + TIMEOUT);
    }

    /** The container's output as the runtime logs it: {@code <name>:<version>: <line>}. */
    private void awaitOutput(String container, String regex) throws InterruptedException {
        runtime.awaitLog(container.replace(".", "\\.") + ": " + regex, TIMEOUT);
    }

    /** An example that runs to its end: how it exits and what it prints on the way, in order. */
    record Example(String what, String container, ExitStatus exit, List<String> output) {
        @Override
        public String toString() {
            return what;
        }
    }

    static List<Example> examplesThatExit() {
        return List.of(
                new Example("hello-world greets and exits", "hello-world:0.0.1", new ExitStatus.Exit(0),
                        List.of("Hello northstar from hello-world:0\\.0\\.1!", "Hello again 10")),
                new Example("crashing exits non-zero", "crashing:0.0.1", new ExitStatus.Exit(101),
                        List.of("crashing: panicked: .*")),
                // 31 is SIGSYS
                new Example("seccomp kills the call outside the allow list", "seccomp:0.0.1", new ExitStatus.Signalled(31),
                        List.of("seccomp: delete_module\\(O_NONBLOCK\\) is allowed.*")),
                new Example("hello-resource reads the newest matching message", "hello-resource:0.0.1",
                        new ExitStatus.Exit(0), List.of("hello-resource: Hello from message 0\\.0\\.2!")),
                new Example("sockets receive on the runtime-created socket", "sockets:0.0.1", new ExitStatus.Exit(0),
                        List.of("sockets: received \"Hello!\"")),
                new Example("inspect sees its sandbox", "inspect:0.0.1", new ExitStatus.Exit(0),
                        List.of("inspect: pid 2 ppid 1 sid \\d+ uid 1000 gid 1000 euid 1000 egid 1000",
                                "inspect:   CapEff:\\s+0+")),
                // The jre resource is jlink'ed from the JDK that builds the examples, the one running this test.
                new Example("a Java application runs on the shared jre resource", "hello-java:0.0.1",
                        new ExitStatus.Exit(0),
                        List.of("Hello from Java " + Runtime.version().feature() + ".* in hello-java:0\\.0\\.1!")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examplesThatExit")
    void exitsAndPrintsAsExpected(Example example) throws Exception {
        assertEquals(example.exit(), run(example.container()), example.container());
        for (String regex : example.output()) {
            awaitOutput(example.container(), regex);
        }
    }

    @Test
    void persistenceKeepsItsFileAcrossStarts() throws Exception {
        assertEquals(new ExitStatus.Exit(0), run("persistence:0.0.1"));
        awaitOutput("persistence:0.0.1", "persistence: started 1 time");
        assertEquals(new ExitStatus.Exit(0), run("persistence:0.0.1"));
        awaitOutput("persistence:0.0.1", "persistence: started 2 times");
        assertTrue(Files.exists(config.dataDir().resolve("persistence/counter")), "the counter lives in data_dir");
    }

    @Test
    void cpueaterRunsUntilKilled() throws Exception {
        Container c = Container.parse("cpueater:0.0.1");
        try (Client client = client()) {
            client.start(c);
            awaitOutput("cpueater:0.0.1", "cpueater: eating cpu on 4 threads");
            assertTrue(client.inspect(c).process().isPresent(), "running");
            client.kill(c, 15);
            assertEquals(new ExitStatus.Signalled(15), awaitExit(client, c));
        }
    }
}
