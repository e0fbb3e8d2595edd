package io.northstar.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChannelInputTest {

    private static SocketChannel[] pair() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("channel-input-");
        java.nio.file.Path path = dir.resolve("s");
        try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(path));
            SocketChannel client = SocketChannel.open(java.net.UnixDomainSocketAddress.of(path));
            SocketChannel accepted = server.accept();
            return new SocketChannel[] {accepted, client};
        } finally {
            java.nio.file.Files.deleteIfExists(path);
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    /** A deadline holds however the bytes trickle in: data waiting does not stretch it. */
    @Test
    void aPassedDeadlineFailsEvenWithDataWaiting() throws Exception {
        SocketChannel[] pair = pair();
        try (ChannelInput input = new ChannelInput(pair[0]); SocketChannel client = pair[1]) {
            client.write(ByteBuffer.wrap(new byte[] {'a', 'b'}));
            input.deadline(System.nanoTime() + Duration.ofMinutes(1).toNanos());
            assertEquals('a', input.read());
            input.deadline(System.nanoTime() - 1);
            assertThrows(ChannelInput.ReadTimeout.class, input::read);
            input.timeout(Duration.ZERO);
            assertEquals('b', input.read(), "timeout() clears the deadline");
        }
    }

    @Test
    void aDeadlineEndsAReadThatGetsNothing() throws Exception {
        SocketChannel[] pair = pair();
        try (ChannelInput input = new ChannelInput(pair[0]); SocketChannel client = pair[1]) {
            input.deadline(System.nanoTime() + Duration.ofMillis(50).toNanos());
            assertEquals("deadline passed", assertThrows(ChannelInput.ReadTimeout.class, input::read).getMessage());
        }
    }
}
