package io.northstar.runtime.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFdPollTest {

    @Test
    void eventFdCountsSignalsAndResetsOnRead() throws Exception {
        try (EventFd e = EventFd.create()) {
            assertTrue(e.fd() > 2);
            e.signal(3);
            e.signal(4);
            assertEquals(7, e.read());
            assertArrayEquals(new short[] {0}, Poll.poll(new int[] {e.fd()}, Poll.POLLIN, 0));
        }
    }

    @Test
    void pollWakesForTheSignalledFdOnly() throws Exception {
        try (EventFd a = EventFd.create(); EventFd b = EventFd.create()) {
            Thread t = new Thread(() -> {
                try {
                    b.signal(1);
                } catch (Exception ex) {
                    throw new RuntimeException(ex);
                }
            });
            t.start();
            short[] r = Poll.poll(new int[] {a.fd(), b.fd()}, Poll.POLLIN, -1);
            t.join();
            assertEquals(0, r[0]);
            assertEquals(Poll.POLLIN, r[1] & Poll.POLLIN);
        }
    }

    @Test
    void eventFdIsCloseOnExec() throws Exception {
        try (EventFd e = EventFd.create()) {
            String flags = Files.readAllLines(Path.of("/proc/self/fdinfo/" + e.fd())).stream()
                    .filter(l -> l.startsWith("flags:")).findFirst().orElseThrow();
            int octal = Integer.parseInt(flags.substring(6).trim(), 8);
            assertTrue((octal & EventFd.EFD_CLOEXEC) != 0, flags);
        }
    }

    @Test
    void inotifyReportsModificationOfAWatchedFile(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("events"), "a 0\n");
        try (Inotify in = Inotify.create()) {
            in.addWatch(f, Inotify.IN_MODIFY);
            assertEquals(0, in.drain());
            assertArrayEquals(new short[] {0}, Poll.poll(new int[] {in.fd()}, Poll.POLLIN, 0));
            Files.writeString(f, "a 1\n");
            short[] r = Poll.poll(new int[] {in.fd()}, Poll.POLLIN, 10_000);
            assertEquals(Poll.POLLIN, r[0] & Poll.POLLIN);
            assertTrue(in.drain() >= 16, "at least one struct inotify_event");
            assertEquals(0, in.drain());
        }
    }

    @Test
    void inotifyWatchOnMissingFileFailsWithErrno(@TempDir Path dir) throws Exception {
        try (Inotify in = Inotify.create()) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> in.addWatch(dir.resolve("missing"), Inotify.IN_MODIFY));
            assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
        }
    }

    @Test
    void signallingAClosedEventFdFailsInsteadOfWritingToAReusedFdNumber() throws Exception {
        EventFd e = EventFd.create();
        e.close();
        e.close();
        var ex = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> e.signal(1));
        assertTrue(ex.getMessage().contains("closed"), ex.getMessage());
    }
}
