package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.console.ConsoleError;
import io.northstar.console.InstallResult;
import io.northstar.console.Request;
import io.northstar.console.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A validly signed NPK whose 600-byte manifest is a YAML alias ladder that expands to 2^26 nodes
 * (docs/security.md, "YAML alias ladders"): the daemon, whose heap is 64 MiB, answers the install
 * with an error naming the bound and serves on.
 */
class ManifestBombInstallTest extends SharedRuntime {

    private Path root;

    @Override
    protected TestConfig configure() throws Exception {
        root = Host.runtimeRoot("bomb");
        Path keys = Files.createDirectories(root.resolve("keys"));
        Path pub = TestNpks.resource("northstar.pub", keys);
        Path signedDir = Files.createDirectories(root.resolve("signed"));
        return new TestConfig(root)
                .repository(TestConfig.Repo.fs("signed", signedDir).key(pub))
                .repository(TestConfig.Repo.mem("memory").key(pub));
    }

    /** {@code l0: &l0 [x, x]}, {@code l1: &l1 [*l0, *l0]}, ...: 25 rungs, 48 aliases. */
    private static String ladder() {
        StringBuilder b = new StringBuilder("name: bomb\nversion: 0.0.1\ninit: /hello\nuid: 1000\ngid: 1000\n")
                .append("custom:\n  l0: &l0 [x,x]\n");
        for (int r = 1; r < 25; r++) {
            b.append("  l").append(r).append(": &l").append(r).append(" [*l").append(r - 1).append(",*l")
                    .append(r - 1).append("]\n");
        }
        return b.toString();
    }

    @Test
    void aSignedAliasLadderIsRefusedAndTheDaemonServesOn() throws Exception {
        String manifest = ladder();
        assertTrue(manifest.length() < 700, manifest.length() + " bytes");
        byte[] bomb = Files.readAllBytes(TestNpks.packRaw(Files.createDirectories(root.resolve("work")), "bomb",
                manifest, true));
        byte[] fine = Files.readAllBytes(TestNpks.pack(root.resolve("work"), "after-bomb", "1.0.0", true));
        try (ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
            for (String repository : List.of("signed", "memory")) {
                Response response = console.install(repository, bomb);
                InstallResult result = ((Response.Install) response).result();
                assertTrue(result instanceof InstallResult.Err e && e.error() instanceof ConsoleError.Unexpected u
                        && u.error().contains("more than 100000 nodes once its aliases are expanded"), response.toString());
            }
            Container after = Container.parse("after-bomb:1.0.0");
            assertEquals(new Response.Install(new InstallResult.Ok(after)), console.install("memory", fine));
            assertTrue(((Response.List) console.request(new Request.List())).containers().contains(after));
        }
        assertTrue(runtime.isAlive(), "the daemon runs on");
    }
}
