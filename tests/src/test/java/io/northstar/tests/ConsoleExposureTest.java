package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.console.Request;
import io.northstar.console.Response;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Who can reach the console (issue 11 item 8): the Unix socket file gets an explicit mode (0600
 * unless configured) and owner whatever the umask, and a TCP console with full permissions is
 * warned about at start.
 */
class ConsoleExposureTest {

    private static int mode(Path file) throws Exception {
        return (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static int attribute(Path file, String name) throws Exception {
        return (Integer) Files.getAttribute(file, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
    }

    /** The umask of the test JVM (022 usually) used to leave the socket 0755: now 0600, owned by root. */
    @Test
    void theUnixSocketIsOnlyForRootByDefault() throws Exception {
        Path root = Host.tempRoot("exposure");
        TestConfig config = new TestConfig(root);
        try (RuntimeProcess runtime = RuntimeProcess.start(config)) {
            Path socket = config.console();
            assertTrue(Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).isOther(), "a socket at " + socket);
            assertEquals(0600, mode(socket), Integer.toOctalString(mode(socket)));
            assertEquals(0, attribute(socket, "uid"));
            assertEquals(0, attribute(socket, "gid"));
            runtime.awaitLog("Console listening on unix://" + java.util.regex.Pattern.quote(socket.toString())
                    + " \\(mode 0600, owner runtime:runtime\\)", Duration.ofSeconds(5));
            // Nothing is left of the private directory the socket was bound in.
            try (var files = Files.list(root)) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".console-")));
            }
            ConsoleSession.assertServes(socket);
            assertEquals(0, runtime.terminate());
        }
    }

    @Test
    void modeAndOwnerAreConfigurable() throws Exception {
        Path root = Host.tempRoot("exposure");
        TestConfig config = new TestConfig(root).globalKey("mode = 0o660").globalKey("uid = 4321").globalKey("gid = 1234");
        try (RuntimeProcess runtime = RuntimeProcess.start(config)) {
            Path socket = config.console();
            assertEquals(0660, mode(socket), Integer.toOctalString(mode(socket)));
            assertEquals(4321, attribute(socket, "uid"));
            assertEquals(1234, attribute(socket, "gid"));
            ConsoleSession.assertServes(socket);
            assertEquals(0, runtime.terminate());
        }
    }

    @Test
    void aTcpConsoleWithFullPermissionsIsWarnedAbout() throws Exception {
        Host.assumeRuntimeCanRun();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path root = Files.createTempDirectory("northstar-exposure-");
        try (RuntimeProcess runtime = RuntimeProcess.start(
                new TestConfig(root).bind("tcp://127.0.0.1:" + port).write(), root.resolve("runtime.log"))) {
            runtime.awaitLog("WARN .*Console tcp://127.0.0.1:" + port + " grants full permissions to everyone who can "
                    + "reach the port", Duration.ofSeconds(5));
            assertEquals(0, runtime.terminate());
        }
        Path limited = Files.createTempDirectory("northstar-exposure-");
        try (RuntimeProcess runtime = RuntimeProcess.start(new TestConfig(limited).bind("tcp://127.0.0.1:" + port)
                .permissions("[\"list\", \"ident\"]").write(), limited.resolve("runtime.log"))) {
            assertFalse(runtime.logged(0, "grants full permissions"), "no warning for a limited TCP console");
            assertEquals(0, runtime.terminate());
        }
    }
}
