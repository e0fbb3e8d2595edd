package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.northstar.common.Container;
import io.northstar.console.ConsoleCodec;
import io.northstar.console.ExitStatus;
import io.northstar.console.Notification;
import io.northstar.console.InstallResult;
import io.northstar.console.Message;
import io.northstar.console.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The way a user drives the runtime: the {@code bin/nstar} launcher as a
 * separate process against a real daemon, its {@code -j} output parsed line by
 * line as a script would, its exit codes checked.
 */
class NstarEndToEndTest extends SharedRuntime {
    private static final Path TOP = Path.of("..").toAbsolutePath().normalize();
    private static final Path NSTAR = TOP.resolve("bin/nstar");
    private static final Path HELLO_WORLD = TOP.resolve("examples/target/npk/hello-world-0.0.1.npk");
    private static final Container HELLO = Container.parse("hello-world:0.0.1");

    private Path root;
    private final ConsoleCodec codec = new ConsoleCodec();

    /** What one nstar invocation did. */
    record Run(int exit, List<String> stdout, String stderr) {
        /** The decoded lines the runtime sent (in -j mode stdout holds both directions). */
        List<Message> received(ConsoleCodec codec) {
            List<Message> messages = new ArrayList<>();
            for (String line : stdout) {
                Message m = codec.decode(line);
                if (!m.envelopeKey().equals("request") && !m.envelopeKey().equals("connect")) {
                    messages.add(m);
                }
            }
            return messages;
        }
    }

    @Override
    protected TestConfig configure() throws Exception {
        Host.assumeRuntimeCanRun();
        assumeTrue(Files.isExecutable(NSTAR) && Files.exists(TOP.resolve("northstar-nstar/target/northstar-nstar.jar")),
                "nstar is not built (northstar-nstar/target/northstar-nstar.jar): run mvn package first");
        assumeTrue(Files.exists(HELLO_WORLD), "the example NPKs are not built: " + HELLO_WORLD);
        root = Files.createTempDirectory("northstar-nstar-e2e-");
        Path pub = TestNpks.resource("northstar.pub", Files.createDirectories(root.resolve("keys")));
        return new TestConfig(root)
                .repository(TestConfig.Repo.fs("default", Files.createDirectories(root.resolve("repo"))).key(pub))
                .repository(TestConfig.Repo.mem("memory").key(pub));
    }

    private Run nstar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(NSTAR.toString(), "--url", "unix://" + config.console()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        // Small outputs: read both fully after the exit would risk a full pipe only for huge output.
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "nstar did not finish: " + command);
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8).lines().toList(),
                new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void updatePrintsItsStepsAndRefusesAnOlderVersion() throws Exception {
        Host.assumeMksquashfs();
        Path work = Files.createDirectories(root.resolve("update-work"));
        Path v1 = TestNpks.pack(work, "nstar-update", "0.0.1", true);
        Path v2 = TestNpks.pack(work, "nstar-update", "0.0.2", true);
        Run install = nstar("install", v1.toString(), "-r", "memory");
        assertEquals(0, install.exit(), install.stderr());

        // No --repository: the new version goes where the installed one is.
        Run update = nstar("update", v2.toString(), "--health-window", "1s");
        assertEquals(0, update.exit(), update.stderr());
        assertEquals(List.of("nstar-update:0.0.2: update from nstar-update:0.0.1: installed",
                "nstar-update:0.0.2: update from nstar-update:0.0.1: completed",
                "updated nstar-update:0.0.1 to nstar-update:0.0.2"), update.stdout());
        assertTrue(nstar("list").stdout().stream().anyMatch(l -> l.matches("nstar-update\\s+0\\.0\\.2\\s+memory.*")));

        Run older = nstar("update", v1.toString());
        assertEquals(1, older.exit(), "a refused update is an error response");
        assertTrue(older.stderr().contains("nstar-update:0.0.1 is not newer than the installed nstar-update:0.0.2"),
                older.stderr());
        assertEquals(0, nstar("uninstall", "nstar-update").exit());
    }

    @Test
    void installStartFollowAndUninstallThroughTheLauncher() throws Exception {
        Run install = nstar("-j", "install", HELLO_WORLD.toString(), "--repository", "memory");
        assertEquals(0, install.exit(), install.stderr());
        Response.Install installed = install.received(codec).stream()
                .filter(m -> m instanceof Response.Install).map(Response.Install.class::cast).findFirst().orElseThrow();
        assertTrue(installed.result() instanceof InstallResult.Ok, installed.toString());
        runtime.awaitLog("hello-world:0.0.1", Duration.ofSeconds(10));

        Run list = nstar("list");
        assertEquals(0, list.exit(), list.stderr());
        assertEquals(List.of("NAME", "VERSION", "REPOSITORY", "TYPE", "MOUNTED", "PID", "UPTIME"),
                List.of(list.stdout().get(0).split("\\s+")));
        assertTrue(list.stdout().stream().anyMatch(l -> l.matches("hello-world\\s+0\\.0\\.1\\s+memory\\s+app\\s+no\\s*")),
                String.join("\n", list.stdout()));

        Run mount = nstar("mount", "hello-world");
        assertEquals(0, mount.exit(), mount.stderr());
        assertEquals(List.of("mounted hello-world:0.0.1"), mount.stdout());
        assertTrue(runtime.mountInfo().stream().anyMatch(l -> l.contains("hello-world:0.0.1")), "mounted in the daemon");

        Run inspect = nstar("-j", "inspect", "hello-world:0.0.1");
        assertEquals(0, inspect.exit(), inspect.stderr());
        assertTrue(inspect.received(codec).stream().anyMatch(m -> m instanceof Response.Inspect), inspect.stdout().toString());

        // Follow the notifications in a second nstar while a third one starts the container.
        int mark = runtime.mark();
        Process follow = new ProcessBuilder(NSTAR.toString(), "--url", "unix://" + config.console(), "-j",
                "notifications", "--number", "2").start();
        runtime.awaitLog(mark, "Client .* connected", Duration.ofSeconds(30));
        Run start = nstar("start", "hello-world");
        assertEquals(0, start.exit(), start.stderr());
        assertEquals(List.of("started hello-world:0.0.1"), start.stdout());
        runtime.awaitLog("hello-world:0\\.0\\.1: Hello northstar from hello-world:0\\.0\\.1!", Duration.ofSeconds(30));
        assertTrue(follow.waitFor(60, TimeUnit.SECONDS), "two notifications within a minute");
        List<Message> notifications = new ArrayList<>();
        for (String line : new String(follow.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
            Message m = codec.decode(line);
            if (m.envelopeKey().equals("notification")) {
                notifications.add(m);
            }
        }
        assertEquals(List.of(new Notification.Started(HELLO),
                new Notification.Exit(HELLO, new ExitStatus.Exit(0))), notifications);

        Run again = nstar("install", HELLO_WORLD.toString(), "-r", "memory");
        assertEquals(1, again.exit(), "an error response exits 1");
        // Northstar answers a duplicate in the same repository with `unexpected` (kept): one line naming it.
        assertTrue(again.stderr().strip().matches("nstar: hello-world:0\\.0\\.1 .*already.*"), again.stderr());
        assertEquals(1, again.stderr().strip().lines().count(), again.stderr());

        Run uninstall = nstar("uninstall", "hello-world", "--wipe");
        assertEquals(0, uninstall.exit(), uninstall.stderr());
        assertTrue(runtime.mountInfo().stream().noneMatch(l -> l.contains("hello-world:0.0.1")), "unmounted by uninstall");
        assertTrue(nstar("list").stdout().stream().noneMatch(l -> l.startsWith("hello-world")));
    }

    @Test
    void errorsAreOneLineWithTheirExitCode() throws Exception {
        Run unknown = nstar("inspect", "nope:1.0.0");
        assertEquals(1, unknown.exit());
        assertEquals("nstar: nope:1.0.0 is not installed", unknown.stderr().strip());

        Run badRepository = nstar("install", HELLO_WORLD.toString(), "-r", "nowhere");
        assertEquals(1, badRepository.exit());
        assertEquals(1, badRepository.stderr().strip().lines().count(), badRepository.stderr());

        Run usage = nstar("kill");
        assertEquals(2, usage.exit(), "missing parameter is a usage error");

        Path gone = root.resolve("nobody-listens.sock");
        Process p = new ProcessBuilder(NSTAR.toString(), "--url", "unix://" + gone, "list").start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), "connection error exits 2");
        assertEquals(1, err.strip().lines().count(), err);
    }
}
