package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.northstar.common.Container;
import io.northstar.console.ContainerResult;
import io.northstar.console.ExitStatus;
import io.northstar.console.InstallResult;
import io.northstar.console.Notification;
import io.northstar.console.Request;
import io.northstar.console.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Starting state is real (docs/runtime.md, "Container states", "Kill"), against the real daemon: a container
 * that asks through its own console to be killed the moment it runs may be heard before the forker's report of its
 * exec; the kill is delivered either way, never answered {@code stop_container_not_started}.
 */
class StartingStateTest {

    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final Container SELF_KILL = Container.parse("self-kill:0.0.1");
    /** Connects and asks for its own SIGKILL, then waits; a refused kill would end in exit 0 after the sleep. */
    private static final String SCRIPT = "printf '%s\\n%s\\n' "
            + "'{\"connect\":{\"version\":\"0.9.3\",\"subscribe_notifications\":false}}' "
            + "'{\"request\":{\"kill\":{\"container\":\"self-kill:0.0.1\",\"signal\":9}}}' >&\"$NORTHSTAR_CONSOLE\"; "
            + "exec /bin/busybox sleep 20";
    private static final String MANIFEST = "name: self-kill\nversion: 0.0.1\ninit: /bin/busybox\n"
            + "args: [sh, -c, '" + SCRIPT.replace("'", "''") + "']\nuid: 1000\ngid: 1000\n"
            + "console:\n  permissions: [kill]\n";

    @Test
    void aContainerThatAsksToBeKilledRightAfterItsExecIsKilled() throws Exception {
        Host.assumeRuntimeCanRun();
        Host.assumeMksquashfs();
        assumeTrue(Files.isExecutable(BUSYBOX), "needs a static busybox at /bin/busybox (package busybox-static)");
        Path base = Files.createTempDirectory("northstar-starting-");
        Path work = Files.createDirectories(base.resolve("work"));
        Path tree = Files.createDirectories(work.resolve("tree/bin"));
        Files.copy(BUSYBOX, tree.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        byte[] npk = Files.readAllBytes(TestNpks.packTree(work, "self-kill", MANIFEST, work.resolve("tree"), false));
        TestConfig config = new TestConfig(base).repository(TestConfig.Repo.mem("mem"));
        try (RuntimeProcess runtime = RuntimeProcess.start(config.write(), base.resolve("runtime.log"));
             ConsoleSession console = ConsoleSession.connect(config.console(), true)) {
            assertEquals(new Response.Install(new InstallResult.Ok(SELF_KILL)), console.install("mem", npk));
            List<ExitStatus> exits = new ArrayList<>();
            int seen = 0;
            // The race between the container's request and the forker's report goes either way; try it often.
            for (int round = 0; round < 10; round++) {
                assertEquals(new Response.Start(new ContainerResult.Ok(SELF_KILL)),
                        console.request(new Request.Start(SELF_KILL)));
                while (true) {
                    if (console.awaitNotificationOrKept(seen++) instanceof Notification.Exit exit) {
                        exits.add(exit.status());
                        break;
                    }
                }
            }
            assertEquals(java.util.Collections.nCopies(10, new ExitStatus.Signalled(9)), exits);
            assertEquals(0, runtime.terminate());
        } finally {
            try (var walk = Files.walk(base)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
