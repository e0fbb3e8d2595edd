package io.northstar.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console URL as the config parses it is what the console binds: no second parse. */
class ConsoleUrlTest {

    @Test
    void tcpIsBoundAtTheParsedHostAndPort() throws Exception {
        ConsoleUrl url = new ConsoleUrl.Tcp("tcp://127.0.0.1:0", "127.0.0.1", 0);
        try (ServerSocketChannel server = url.bind(SocketFile.DEFAULT)) {
            InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
            assertEquals("127.0.0.1", bound.getAddress().getHostAddress());
            try (SocketChannel client = SocketChannel.open(bound)) {
                assertTrue(client.isConnected());
            }
        }
        assertEquals("tcp://127.0.0.1:0", url.toString());
        assertEquals("tcp://[::1]:4200", new ConsoleUrl.Tcp("tcp://[::1]", "::1", 4200).toString());
    }

    @Test
    void aUnixSocketGetsItsModeBeforeItAppearsAndIsRemovedOnCleanup(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("console");
        Files.writeString(socket, "stale");
        ConsoleUrl url = new ConsoleUrl.Unix("unix://" + socket, socket);
        try (ServerSocketChannel server = url.bind(new SocketFile(0640, OptionalInt.empty(), OptionalInt.empty()))) {
            assertEquals(0640, ((Number) Files.getAttribute(socket, "unix:mode")).intValue() & 07777);
            try (SocketChannel client = SocketChannel.open(url.address())) {
                assertTrue(client.isConnected());
            }
            try (var left = Files.list(dir)) {
                assertEquals(1, left.count(), "the staging directory is gone");
            }
        }
        url.cleanup();
        assertFalse(Files.exists(socket));
    }
}
