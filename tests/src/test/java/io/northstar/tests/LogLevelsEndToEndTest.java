package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NORTHSTAR_LOG sets the daemon's log levels per logger (docs/runtime.md, "Log lines"). */
class LogLevelsEndToEndTest {

    @Test
    void levelsPerLoggerAndABadEntryNamed() throws Exception {
        Host.assumeRuntimeCanRun();
        Path root = Files.createTempDirectory("northstar-log-levels-");
        TestConfig config = new TestConfig(root).repository(TestConfig.Repo.mem("mem"));
        try (RuntimeProcess runtime = RuntimeProcess.launch(config.write(), root.resolve("runtime.log"), Map.of(
                "NORTHSTAR_LOG", "info, io.northstar.runtime.fork=debug,io.northstar.runtime.Main=warn,x=loud"), null)) {
            runtime.awaitLog("^NORTHSTAR_LOG: 'x=loud' is not \\[LOGGER=\\]LEVEL", Duration.ofSeconds(30));
            runtime.awaitLog(" INFO  Daemon: Runtime up and running$", Duration.ofSeconds(30));
            runtime.awaitLog(" DEBUG Forker: Forker \\d+ started", Duration.ZERO);
            List<String> log = runtime.log();
            assertFalse(log.stream().anyMatch(l -> l.contains("Northstar Runtime v")), "Main at warn: " + log);
            assertTrue(log.stream().filter(l -> l.contains(" DEBUG ")).allMatch(l -> l.contains(" DEBUG Forker: ")),
                    "debug only from io.northstar.runtime.fork: " + log);
            assertEquals(0, runtime.terminate());
        }
    }
}
