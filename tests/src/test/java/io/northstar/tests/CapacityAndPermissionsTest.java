package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.console.ConnectNack;
import io.northstar.console.Connect;
import io.northstar.console.ConsoleError;
import io.northstar.console.ContainerResult;
import io.northstar.console.InstallResult;
import io.northstar.console.Request;
import io.northstar.console.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** capacity_num / capacity_size of both repository kinds, and per-connection permissions. */
class CapacityAndPermissionsTest {

    private static Response installOk(Container c) {
        return new Response.Install(new InstallResult.Ok(c));
    }

    private static Response installErr(String message) {
        return new Response.Install(new InstallResult.Err(new ConsoleError.Unexpected(message)));
    }

    @Test
    void capacityLimitsOfFsAndMemRepositories() throws Exception {
        Path root = Host.runtimeRoot("capacity");
        Path fsOne = Files.createDirectories(root.resolve("fs-one"));
        Path fsSmall = Files.createDirectories(root.resolve("fs-small"));
        Path work = Files.createDirectories(root.resolve("work"));
        byte[] a = Files.readAllBytes(TestNpks.pack(work, "cap-a", "1.0.0", false));
        byte[] b = Files.readAllBytes(TestNpks.pack(work, "cap-b", "1.0.0", false));
        TestConfig config = new TestConfig(root)
                .repository(TestConfig.Repo.fs("fs-one", fsOne).capacityNum(1))
                .repository(TestConfig.Repo.fs("fs-small", fsSmall).capacitySize(Integer.toString(a.length + b.length - 1)))
                .repository(TestConfig.Repo.mem("mem-one").capacityNum(1))
                .repository(TestConfig.Repo.mem("mem-small").capacitySize(Integer.toString(a.length + b.length)));
        try (RuntimeProcess runtime = RuntimeProcess.start(config);
             ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
            Container ca = Container.parse("cap-a:1.0.0");
            Container cb = Container.parse("cap-b:1.0.0");
            assertEquals(installOk(ca), console.install("fs-one", a));
            assertEquals(installErr("max number of container reached"), console.install("fs-one", b));
            assertEquals(List.of("cap-a:1.0.0.npk"), list(fsOne));
            assertEquals(new Response.Uninstall(new ContainerResult.Ok(ca)), console.request(new Request.Uninstall(ca, false)));

            // fs: refused while streaming as soon as the total would exceed the limit.
            assertEquals(installOk(ca), console.install("fs-small", a));
            assertEquals(installErr("size limit reached"), console.install("fs-small", b));
            assertEquals(List.of("cap-a:1.0.0.npk"), list(fsSmall), "no partial upload left");
            assertEquals(new Response.Uninstall(new ContainerResult.Ok(ca)), console.request(new Request.Uninstall(ca, false)));

            assertEquals(installOk(ca), console.install("mem-one", a));
            assertEquals(installErr("max number of container reached"), console.install("mem-one", b));
            assertEquals(new Response.Uninstall(new ContainerResult.Ok(ca)), console.request(new Request.Uninstall(ca, false)));

            // mem: refused when the total would reach the limit (>=, unlike fs).
            assertEquals(installOk(ca), console.install("mem-small", a));
            assertEquals(installErr("repository capacity limit reached"), console.install("mem-small", b));
            assertEquals(new Response.List(List.of(ca)), console.request(new Request.List()));
            assertEquals(0, runtime.terminate());
        }
    }

    private static List<String> list(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void permissionsOfTheGlobalConsole() throws Exception {
        Path root = Host.tempRoot("permissions");
        Path repo = Files.createDirectories(root.resolve("repo"));
        TestNpks.resource("hello-0.0.2.npk", repo);
        TestConfig config = new TestConfig(root).permissions("[\"list\", \"ident\"]")
                .globalOption("max_requests_per_sec = 4")
                .repository(TestConfig.Repo.fs("default", repo));
        try (RuntimeProcess runtime = RuntimeProcess.start(config)) {
            try (ConsoleSession console = ConsoleSession.open(config.console())) {
                console.send(Connect.current(true));
                assertEquals(new ConnectNack.PermissionDenied(), console.next());
                assertTrue(console.closedByRuntime());
            }
            try (ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
                assertEquals(new Response.List(List.of(Container.parse("hello:0.0.2"))), console.request(new Request.List()));
                Request.Mount mount = new Request.Mount(List.of(Container.parse("hello:0.0.2")));
                assertEquals(new Response.PermissionDenied(mount), console.request(mount));
                Request.Kill kill = new Request.Kill(Container.parse("hello:0.0.2"), 9);
                assertEquals(new Response.PermissionDenied(kill), console.request(kill));
                assertEquals(new Response.PermissionDenied(new Request.Shutdown()), console.request(new Request.Shutdown()));
                // The connection stays usable after a denial.
                assertTrue(console.request(new Request.Ident()) instanceof Response.Ident);
                // Throttling (4 per second here) delays requests, it never drops them.
                StringBuilder burst = new StringBuilder();
                for (int i = 0; i < 10; i++) {
                    burst.append(i % 2 == 0 ? "{\"request\":\"list\"}\n" : "{\"request\":\"ident\"}\n");
                }
                console.sendRaw(burst.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                for (int i = 0; i < 10; i++) {
                    Response response = console.response();
                    assertTrue(i % 2 == 0 ? response instanceof Response.List : response instanceof Response.Ident,
                            i + ": " + response);
                }
            }
            runtime.awaitLog("Client .* connected with permissions \\[ident, list\\]", java.time.Duration.ofSeconds(1));
            assertEquals(0, runtime.terminate());
        }
    }
}
