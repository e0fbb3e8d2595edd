package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SIGINT, SIGTERM and SIGHUP each end the runtime with the orderly shutdown and exit status 0. */
class SignalsTest {

    @ParameterizedTest
    @ValueSource(strings = {"INT", "HUP"})
    void signalTriggersTheOrderlyShutdown(String signal) throws Exception {
        Path root = Host.tempRoot("signal");
        Path repo = Files.createDirectories(root.resolve("repo"));
        TestNpks.resource("hello-0.0.2.npk", repo);
        TestConfig config = new TestConfig(root).repository(TestConfig.Repo.fs("default", repo).withMountOnStart());
        try (RuntimeProcess runtime = RuntimeProcess.start(config)) {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(runtime.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertEquals(0, runtime.awaitExit(Duration.ofSeconds(60)));
            runtime.awaitLog("Received SIG" + signal + ": shutting down", Duration.ofSeconds(1));
            runtime.awaitLog("Umounted hello:0.0.2", Duration.ofSeconds(1));
            runtime.awaitLog("Shutdown complete", Duration.ofSeconds(1));
        }
    }
}
