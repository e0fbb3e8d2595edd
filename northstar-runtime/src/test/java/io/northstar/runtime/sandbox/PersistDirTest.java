package io.northstar.runtime.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.northstar.common.InvalidValueException;
import io.northstar.common.Name;
import io.northstar.manifest.Manifest;
import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistDirTest {
    @Test
    void createsAndOwnsTheDirectoryOnEveryStart(@TempDir Path tmp) throws Exception {
        assumeTrue(jnr.posix.POSIXFactory.getNativePOSIX().getuid() == 0, "chown to the container uid needs root");
        SandboxDirs dirs = new SandboxDirs(tmp.resolve("run"), tmp.resolve("data"), tmp.resolve("sockets"));
        Manifest m = Manifest.parse("name: keeper\nversion: 0.0.1\ninit: /x\nuid: 1234\ngid: 2345\n"
                + "mounts:\n  /data: {type: persist}\n");
        Path dir = PersistDir.prepare(dirs, m).orElseThrow();
        assertEquals(tmp.resolve("data/keeper"), dir);
        assertEquals(1234, Files.getAttribute(dir, "unix:uid"));
        assertEquals(2345, Files.getAttribute(dir, "unix:gid"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        // re-chowned and re-chmodded on the next start
        Files.setAttribute(dir, "unix:uid", 0);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        PersistDir.prepare(dirs, m);
        assertEquals(1234, Files.getAttribute(dir, "unix:uid"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        // without a persist mount nothing is created
        Manifest none = Manifest.parse("name: other\nversion: 0.0.1\ninit: /x\nuid: 1\ngid: 1\n");
        assertEquals(Optional.empty(), PersistDir.prepare(dirs, none));
        assertEquals(false, Files.exists(tmp.resolve("data/other")));
    }

    @Test
    void aLinkInPlaceOfThePersistDirectoryIsNeverChownedThrough(@TempDir Path tmp) throws Exception {
        SandboxDirs dirs = new SandboxDirs(tmp.resolve("run"), Files.createDirectories(tmp.resolve("data")),
                tmp.resolve("sockets"));
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rwxr-xr-x"));
        Object owner = Files.getAttribute(host, "unix:uid");
        Files.createSymbolicLink(tmp.resolve("data/linked"), host);
        Manifest m = Manifest.parse("name: linked\nversion: 0.0.1\ninit: /x\nuid: 1234\ngid: 2345\n"
                + "mounts:\n  /data: {type: persist}\n");
        IOException e = assertThrows(IOException.class, () -> PersistDir.prepare(dirs, m));
        assertTrue(e.getMessage().contains("not a directory but a link"), e.getMessage());
        assertEquals(owner, Files.getAttribute(host, "unix:uid"));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(host)));
    }

    @Test
    void deletesLinksNeverTheirTargets(@TempDir Path tmp) throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host/etc"));
        Files.writeString(host.resolve("passwd"), "root");
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path dir = Files.createDirectories(data.resolve("victim/sub"));
        Files.createSymbolicLink(dir.resolve("etc"), host);
        Files.createSymbolicLink(dir.resolve("passwd"), host.resolve("passwd"));
        Files.createSymbolicLink(data.resolve("victim/up"), tmp.resolve("host"));
        Path moved = PersistDir.moveAside(data, Name.of("victim")).orElseThrow();
        assertTrue(moved.getFileName().toString().startsWith(".wipe:"), moved.toString());
        assertFalse(Files.exists(data.resolve("victim"), LinkOption.NOFOLLOW_LINKS), "the name is free at once");
        assertEquals(List.of(moved), PersistDir.leftovers(data));
        PersistDir.delete(moved);
        assertFalse(Files.exists(moved, LinkOption.NOFOLLOW_LINKS));
        assertEquals("root", Files.readString(host.resolve("passwd")));
        assertEquals(List.of(), PersistDir.leftovers(data));
    }

    @Test
    void aPersistDirectoryThatIsALinkIsRemovedAsTheLink(@TempDir Path tmp) throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.writeString(host.resolve("file"), "x");
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.createSymbolicLink(data.resolve("linked"), host);
        PersistDir.delete(PersistDir.moveAside(data, Name.of("linked")).orElseThrow());
        assertEquals("x", Files.readString(host.resolve("file")));
        assertEquals(Optional.empty(), PersistDir.moveAside(data, Name.of("linked")), "nothing left to move");
    }

    @Test
    void deletesTreesDeeperThanItKeepsOpen(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        // deeper than PATH_MAX allows a path to be: built with relative steps
        Path dir = Files.createDirectories(data.resolve("deep"));
        int depth = 5 * PersistDir.MAX_OPEN_DEPTH + 3;
        Path level = dir;
        for (int i = 0; i < depth; i++) {
            level = Files.createDirectory(level.resolve("d" + i));
            Files.writeString(level.resolve("f"), "x");
        }
        PersistDir.delete(PersistDir.moveAside(data, Name.of("deep")).orElseThrow());
        try (var left = Files.list(data)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void dotNamesNeverBecomePaths(@TempDir Path tmp) {
        for (String dots : List.of(".", "..")) {
            assertThrows(InvalidValueException.class, () -> PersistDir.path(tmp, Name.of(dots)));
            assertThrows(InvalidValueException.class, () -> PersistDir.moveAside(tmp, Name.of(dots)));
        }
        assertTrue(Files.isDirectory(tmp));
    }

    /**
     * Best effort at the race: while the tree is deleted, a thread keeps replacing its
     * subdirectories by links to a host directory. Whatever wins, the host files survive.
     */
    @Test
    void aLinkSwappedInDuringTheWalkIsNotFollowed(@TempDir Path tmp) throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host"));
        for (int i = 0; i < 20; i++) {
            Files.writeString(host.resolve("f" + i), "keep");
        }
        Path data = Files.createDirectories(tmp.resolve("data"));
        // a path-based walk (Files.walkFileTree + Files.delete) loses host files in most rounds
        for (int round = 0; round < 5; round++) {
            Path dir = Files.createDirectories(data.resolve("racy"));
            for (int d = 0; d < 10; d++) {
                Path sub = Files.createDirectories(dir.resolve("s" + d));
                for (int i = 0; i < 20; i++) {
                    Files.writeString(sub.resolve("f" + i), "x");
                }
            }
            Path moved = PersistDir.moveAside(data, Name.of("racy")).orElseThrow();
            AtomicBoolean done = new AtomicBoolean();
            Thread swapper = new Thread(() -> {
                while (!done.get()) {
                    for (int d = 0; d < 10; d++) {
                        Path sub = moved.resolve("s" + d);
                        try {
                            Files.move(sub, moved.resolve("aside-" + d + "-" + System.nanoTime()),
                                    StandardCopyOption.ATOMIC_MOVE);
                            Files.createSymbolicLink(sub, host);
                        } catch (IOException e) {
                            // the deleter got there first
                        }
                    }
                }
            });
            swapper.start();
            try {
                PersistDir.delete(moved);
            } catch (IOException e) {
                // the swapper may keep the tree busy; what matters is below
            } finally {
                done.set(true);
                swapper.join();
            }
            for (int i = 0; i < 20; i++) {
                assertEquals("keep", Files.readString(host.resolve("f" + i)), "host file f" + i + " in round " + round);
            }
            PersistDir.delete(moved);
            assertFalse(Files.exists(moved, LinkOption.NOFOLLOW_LINKS));
        }
    }
}
