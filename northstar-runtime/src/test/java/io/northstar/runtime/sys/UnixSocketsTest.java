package io.northstar.runtime.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Java-level tests of the socket bindings against the real kernel (no root needed). */
class UnixSocketsTest {
    @Test
    void structLayoutsOfThe64BitAbi() {
        assertEquals(16, UnixSockets.cmsgSpace(4) - 8);
        assertEquals(16 + 8, UnixSockets.cmsgSpace(8));
        assertEquals(16 + 16, UnixSockets.cmsgSpace(12));
        byte[] addr = UnixSockets.abstractAddress("abc");
        assertArrayEquals(new byte[] {1, 0, 0, 'a', 'b', 'c'}, addr);
        assertThrows(IllegalArgumentException.class, () -> UnixSockets.abstractAddress(""));
    }

    @Test
    void passesDescriptorsWithScmRights() throws Exception {
        NativeFd[] pair = UnixSockets.socketPair(UnixSockets.SOCK_SEQPACKET, "test");
        NativeFd[] carried = UnixSockets.socketPair(UnixSockets.SOCK_STREAM, "carried");
        try {
            UnixSockets.send(pair[0], "hello".getBytes(StandardCharsets.UTF_8), List.of(carried[1], carried[1]));
            UnixSockets.Received r = UnixSockets.receive(pair[1], 1024);
            assertEquals("hello", new String(r.data(), StandardCharsets.UTF_8));
            assertEquals(2, r.fds().size());
            assertFalse(r.truncated());
            // the received descriptor is the same socket: write through it, read on the peer
            r.fds().get(0).writeAll("via fd".getBytes(StandardCharsets.UTF_8));
            assertEquals("via fd", new String(carried[0].read(100), StandardCharsets.UTF_8));
            // close-on-exec (MSG_CMSG_CLOEXEC)
            String fdinfo = Files.readString(Path.of("/proc/self/fdinfo/" + r.fds().get(1).fd()));
            long flags = Long.parseLong(fdinfo.lines().filter(l -> l.startsWith("flags:")).findFirst().orElseThrow()
                    .split("\\s+")[1], 8);
            assertTrue((flags & 02000000) != 0, fdinfo);
            r.fds().forEach(NativeFd::closeQuietly);
        } finally {
            for (NativeFd fd : List.of(pair[0], pair[1], carried[0], carried[1])) {
                fd.closeQuietly();
            }
        }
    }

    @Test
    void reportsTruncationAndEndOfStream() throws Exception {
        NativeFd[] pair = UnixSockets.socketPair(UnixSockets.SOCK_SEQPACKET, "test");
        try {
            UnixSockets.send(pair[0], new byte[100], List.of());
            UnixSockets.Received r = UnixSockets.receive(pair[1], 10);
            assertTrue(r.truncated());
            assertEquals(10, r.data().length);
            assertEquals(ProcessHandle.current().pid(), UnixSockets.peerCredentials(pair[1]).pid());
            UnixSockets.shutdown(pair[0]);
            assertTrue(UnixSockets.awaitReadable(pair[1], 1000));
            assertTrue(UnixSockets.receive(pair[1], 10).endOfStream());
        } finally {
            pair[0].closeQuietly();
            pair[1].closeQuietly();
        }
    }

    @Test
    void oneReceiverTakesMessageAfterMessage() throws Exception {
        NativeFd[] pair = UnixSockets.socketPair(UnixSockets.SOCK_SEQPACKET, "test");
        NativeFd[] carried = UnixSockets.socketPair(UnixSockets.SOCK_STREAM, "carried");
        try {
            UnixSockets.Receiver receiver = new UnixSockets.Receiver(pair[1], 16);
            // Each message resets what the one before left in the reused buffers: descriptors, the
            // truncation flag, a longer payload.
            UnixSockets.send(pair[0], "with fd".getBytes(StandardCharsets.UTF_8), List.of(carried[1]));
            UnixSockets.send(pair[0], new byte[40], List.of());
            UnixSockets.send(pair[0], "ab".getBytes(StandardCharsets.UTF_8), List.of());
            UnixSockets.Received first = receiver.receive();
            assertEquals("with fd", new String(first.data(), StandardCharsets.UTF_8));
            assertEquals(1, first.fds().size());
            first.fds().forEach(NativeFd::closeQuietly);
            UnixSockets.Received second = receiver.receive();
            assertTrue(second.truncated());
            assertEquals(16, second.data().length);
            assertTrue(second.fds().isEmpty());
            UnixSockets.Received third = receiver.receive();
            assertFalse(third.truncated());
            assertEquals("ab", new String(third.data(), StandardCharsets.UTF_8));
            assertTrue(third.fds().isEmpty());
            UnixSockets.shutdown(pair[0]);
            assertTrue(receiver.receive().endOfStream());
        } finally {
            for (NativeFd fd : List.of(pair[0], pair[1], carried[0], carried[1])) {
                fd.closeQuietly();
            }
        }
    }

    @Test
    void bindsFileSystemSockets(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path path = dir.resolve("test:0.0.1:hello");
        NativeFd stream = UnixSockets.bindPath(UnixSockets.SOCK_STREAM, path, UnixSockets.SOMAXCONN, true);
        try {
            assertTrue(Files.exists(path));
            String net = Files.readString(Path.of("/proc/net/unix"));
            // flags 00010000 = __SO_ACCEPTCON: listening
            assertTrue(net.lines().anyMatch(l -> l.endsWith(path.toString()) && l.contains(" 00010000 ")), net);
            SyscallException e = assertThrows(SyscallException.class,
                    () -> UnixSockets.bindPath(UnixSockets.SOCK_DGRAM, path, -1, false));
            assertEquals("bind " + path + " failed: EADDRINUSE", e.getMessage());
        } finally {
            stream.closeQuietly();
        }
        NativeFd dgram = UnixSockets.bindPath(UnixSockets.SOCK_DGRAM, dir.resolve("d"), -1, false);
        dgram.closeQuietly();
    }

    @Test
    void abstractListenerAndErrors() throws Exception {
        String name = "northstar-test-" + ProcessHandle.current().pid();
        NativeFd listener = UnixSockets.listenAbstract(UnixSockets.SOCK_SEQPACKET, name, 1);
        try {
            assertFalse(UnixSockets.awaitReadable(listener, 10));
            SyscallException e = assertThrows(SyscallException.class,
                    () -> UnixSockets.listenAbstract(UnixSockets.SOCK_SEQPACKET, name, 1));
            assertEquals("bind @" + name + " failed: EADDRINUSE", e.getMessage());
        } finally {
            listener.closeQuietly();
        }
    }
}
