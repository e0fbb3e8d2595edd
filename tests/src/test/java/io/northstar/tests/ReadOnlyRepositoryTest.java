package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.console.ConsoleError;
import io.northstar.console.ContainerResult;
import io.northstar.console.InstallResult;
import io.northstar.console.Request;
import io.northstar.console.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An fs repository on read-only storage (a read-only bind mount, as a system partition would be):
 * its containers load and mount, installs are refused with a clear error.
 */
class ReadOnlyRepositoryTest {

    private static int run(String... command) throws Exception {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    @Test
    void aReadOnlyDirectoryServesItsContainersButTakesNoInstall() throws Exception {
        Path root = Host.tempRoot("readonly");
        Path repo = Files.createDirectories(root.resolve("system"));
        TestNpks.resource("hello-0.0.2.npk", repo);
        assertEquals(0, run("mount", "--bind", repo.toString(), repo.toString()));
        try {
            assertEquals(0, run("mount", "-o", "remount,bind,ro", repo.toString()));
            TestConfig config = new TestConfig(root).repository(TestConfig.Repo.fs("system", repo));
            Container hello = Container.parse("hello:0.0.2");
            try (RuntimeProcess runtime = RuntimeProcess.start(config);
                 ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
                assertEquals(new Response.Mount(List.of(new ContainerResult.Ok(hello))),
                        console.request(new Request.Mount(List.of(hello))));
                Response install = console.install("system", TestNpks.hello());
                ConsoleError error = ((InstallResult.Err) ((Response.Install) install).result()).error();
                assertEquals(new ConsoleError.Unexpected("repository system directory " + repo + " is read-only"), error);
                assertEquals(new Response.List(List.of(hello)), console.request(new Request.List()));
                assertEquals(0, runtime.terminate());
            }
            try (var files = Files.list(repo)) {
                assertEquals(List.of(repo.resolve("hello-0.0.2.npk")), files.toList());
            }
        } finally {
            assertEquals(0, run("umount", repo.toString()));
        }
        assertTrue(Files.isWritable(repo));
    }
}
