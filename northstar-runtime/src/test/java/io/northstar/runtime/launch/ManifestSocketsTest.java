package io.northstar.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.NonNulString;
import io.northstar.manifest.Manifest;
import io.northstar.manifest.ManifestException;
import io.northstar.manifest.Socket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest's sockets as the runtime creates them (container-lifecycle §11.1), on real sockets. */
class ManifestSocketsTest {

    private static final String MANIFEST = """
            name: s
            version: 0.0.1
            init: /s
            uid: 1000
            gid: 1000
            sockets:
              stream: {type: stream, mode: 0o640}
              datagram: {type: datagram, mode: 0o666, passcred: true}
              seq: {type: seq_packet, mode: 0}
            """;

    @TempDir
    Path dir;

    @Test
    void socketsAreBoundWithTheirModeAndRemovedAfterwards() throws Exception {
        // A stale file from an earlier run is replaced.
        Files.writeString(dir.resolve("s:0.0.1:stream"), "stale");
        try (ManifestSockets sockets = ManifestSockets.create(Manifest.parse(MANIFEST), dir)) {
            for (String name : new String[] {"stream", "datagram", "seq"}) {
                Path file = dir.resolve("s:0.0.1:" + name);
                assertTrue(Files.exists(file, LinkOption.NOFOLLOW_LINKS), name);
                assertTrue((Integer) Files.getAttribute(file, "unix:mode") > 0, name);
                assertTrue(Files.readSymbolicLink(Path.of(sockets.fd(name).procPath())).toString().startsWith("socket:["),
                        name);
            }
            assertEquals("rw-r-----", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("s:0.0.1:stream"))));
            assertEquals("---------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("s:0.0.1:seq"))));
            assertThrows(IllegalArgumentException.class, () -> sockets.fd("nope"));
        }
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "socket files removed");
        }
    }

    @Test
    void aSocketNameWithASlashNeverLeavesTheSocketDirectory() throws Exception {
        Path sockets = Files.createDirectories(dir.resolve("sockets"));
        Path victim = Files.writeString(dir.resolve("victim"), "host file");
        // a directory planted in socket_dir (shared with containers through sockets mounts)
        Files.createDirectories(sockets.resolve("s:0.0.1:x"));
        String manifest = MANIFEST.replace("  seq: {type: seq_packet, mode: 0}",
                "  x/../../victim: {type: stream, mode: 0o666}");
        // The manifest validator refuses such a name at install already; ManifestSockets holds on its own,
        // shown with a manifest built without validation.
        ManifestException refused = assertThrows(ManifestException.class, () -> Manifest.parse(manifest));
        assertTrue(refused.getMessage().contains("must be a file name"), refused.getMessage());
        Manifest valid = Manifest.parse(MANIFEST);
        Map<NonNulString, Socket> hostile = new LinkedHashMap<>(valid.sockets());
        hostile.put(NonNulString.of("x/../../victim"), hostile.values().iterator().next());
        Manifest unvalidated = valid.toBuilder().sockets(hostile).build();
        IOException e = assertThrows(IOException.class, () -> ManifestSockets.create(unvalidated, sockets));
        assertTrue(e.getMessage().contains("socket name \"x/../../victim\" is not a file name"), e.getMessage());
        assertEquals("host file", Files.readString(victim), "the host file is neither deleted nor replaced");
    }

    @Test
    void aFailureLeavesNothing() throws Exception {
        Path missing = dir.resolve("no/such/dir");
        IOException e = assertThrows(IOException.class, () -> ManifestSockets.create(Manifest.parse(MANIFEST), missing));
        assertTrue(e.getMessage().startsWith("creating sockets of s:0.0.1: "), e.getMessage());
        assertFalse(Files.exists(missing));
    }

    @Test
    void aSymlinkSwappedInForTheSocketNeverRedirectsModeOrOwner() throws Exception {
        // socket_dir is shared with containers (sockets mounts): one of them may replace the socket file
        // with a symlink to a host file the moment it appears. The runtime (root) must never chmod or
        // chown through it: the file gets its mode and owner before it appears in socket_dir.
        Path sockets = Files.createDirectories(dir.resolve("sockets"));
        Path victim = Files.writeString(dir.resolve("victim"), "host file");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        Path target = sockets.resolve("s:0.0.1:datagram");
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, victim);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        Thread container = new Thread(() -> {
            while (!stop.get()) {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(target)) {
                    try {
                        Path copy = Files.createSymbolicLink(dir.resolve("link-" + swaps.get()), victim);
                        Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        swaps.incrementAndGet();
                    } catch (IOException e) {
                        // the runtime removed it meanwhile
                    }
                }
            }
        });
        container.start();
        try {
            for (int round = 0; round < 300; round++) {
                try (ManifestSockets created = ManifestSockets.create(Manifest.parse(MANIFEST), sockets)) {
                    assertTrue(created.fd("datagram").fd() >= 0);
                }
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)),
                        "round " + round + ": chmod went through the symlink to the host file");
            }
        } finally {
            stop.set(true);
            container.join();
        }
        assertTrue(swaps.get() > 0, "the racing thread never got to swap in a symlink");
        assertEquals("host file", Files.readString(victim));
    }

    @Test
    void modeBits() {
        assertEquals("rwxrwxrwx", PosixFilePermissions.toString(ManifestSockets.permissions(0777)));
        assertEquals("rw-------", PosixFilePermissions.toString(ManifestSockets.permissions(0600)));
        assertEquals("---------", PosixFilePermissions.toString(ManifestSockets.permissions(0)));
    }
}
