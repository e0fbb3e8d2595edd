package io.northstar.tests;

import static io.northstar.tests.ContainerFixture.TEST_CONTAINER;
import static io.northstar.tests.ContainerFixture.TEST_RESOURCE;
import static io.northstar.tests.ContainerFixture.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.console.ContainerData;
import io.northstar.console.ContainerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Containers run through the daemon (process-sandbox §14.2): the test container started with
 * its resource, inspected while it runs, stopped, and nothing of it left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerRunTest {

    private ContainerFixture fixture;

    @BeforeAll
    void start() throws Exception {
        fixture = ContainerFixture.start("run");
    }

    @AfterAll
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Path cgroupOf(String controller, String container) {
        return Path.of("/sys/fs/cgroup", controller, "northstar-test-" + ProcessHandle.current().pid(), container);
    }

    @Test
    void startInspectStop() throws Exception {
        fixture.installBoth();
        int mark = fixture.runtime.mark();
        fixture.startWithArgs(TEST_CONTAINER, "sleep");
        fixture.runtime.awaitLog(mark, "test-container:0.0.1: Sleeping\\.\\.\\.", TIMEOUT);

        ContainerData data = fixture.client.inspect(TEST_CONTAINER);
        assertTrue(data.mounted());
        ContainerProcess process = data.process().orElseThrow(() -> new AssertionError("no process in " + data));
        assertTrue(process.pid() > 1, "host pid of init: " + process.pid());
        assertTrue(Files.exists(Path.of("/proc", Long.toString(process.pid()))), "init runs");
        assertTrue(process.uptime() > 0);
        assertTrue(process.statistics().containsKey("memory"), "statistics: " + process.statistics().keySet());
        assertTrue(Files.isDirectory(cgroupOf("memory", "test-container")), "the container's memory cgroup");
        assertTrue(Files.readString(cgroupOf("memory", "test-container").resolve("cgroup.procs"))
                .contains(Long.toString(process.pid())), "init is in the container's cgroup");

        fixture.stop(TEST_CONTAINER);
        fixture.runtime.awaitLog(mark, "Process test-container:0.0.1 exited after .* with status Signalled\\(SIGTERM\\)",
                TIMEOUT);
        assertEquals(Optional.empty(), fixture.client.inspect(TEST_CONTAINER).process());
        assertFalse(Files.exists(cgroupOf("memory", "test-container")), "cgroup removed after the exit");
        assertFalse(Files.exists(Path.of("/proc", Long.toString(process.pid()))), "init is gone");
        fixture.uninstallBoth();
    }
}
