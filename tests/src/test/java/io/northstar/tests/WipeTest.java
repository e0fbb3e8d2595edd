package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.client.RequestFailedException;
import io.northstar.common.Container;
import io.northstar.console.ConsoleError;
import io.northstar.console.Notification;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code uninstall} with wipe against the real daemon (docs/security.md, "Wipe"): the daemon runs
 * as root, the persist directory belongs to the container, so links in it must never lead the
 * deletion out of it; and the data shared by all versions of a name is not wiped while one runs.
 */
class WipeTest extends SharedContainerFixture {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Path host;
    private Path leftover;

    WipeTest() {
        super("wipe");
    }

    @Override
    protected void tune(TestConfig config) throws IOException {
        // an earlier run that ended in the middle of a wipe
        leftover = Files.createDirectories(config.dataDir().resolve(".wipe:0123456789abcdef/sub"));
        Files.writeString(leftover.resolve("file"), "old");
    }

    @BeforeAll
    void makeHostDirectory() throws Exception {
        host = Files.createDirectories(fixture.root.resolve("host"));
    }

    private Path dataDir() {
        return fixture.config.dataDir();
    }

    private Container install(String name, String version) throws Exception {
        Path npk = TestNpks.pack(Files.createDirectories(fixture.work.resolve(name + "-" + version)), name, version,
                false);
        Container c = fixture.client.install(ContainerFixture.REPOSITORY, npk);
        fixture.awaitNotification(new Notification.Install(c));
        return c;
    }

    private void uninstallWiping(Container c) throws Exception {
        fixture.client.uninstall(c, true);
        fixture.awaitNotification(new Notification.Uninstall(c));
    }

    /** Host files the wipes must never touch; re-checked after every test. */
    private List<Path> hostFiles(String dir, int n) throws IOException {
        Path d = Files.createDirectories(host.resolve(dir));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(Files.writeString(d.resolve("f" + i), "host"));
        }
        return files;
    }

    private static void assertIntact(List<Path> files) throws IOException {
        for (Path f : files) {
            assertTrue(Files.exists(f), f + " survives");
            assertEquals("host", Files.readString(f), f.toString());
        }
    }

    /** Waits until no directory moved aside for wiping is left in data_dir. */
    private void awaitWipesDone() throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!wipesInProgress().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still wiping: " + wipesInProgress() + "; log:\n"
                        + String.join("\n", fixture.runtime.log()));
            }
            Thread.sleep(50);
        }
    }

    private List<Path> wipesInProgress() throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dataDir(), ".wipe:*")) {
            List<Path> found = new ArrayList<>();
            s.forEach(found::add);
            return found;
        }
    }

    @Test
    void leftoversOfAnUnfinishedWipeAreRemovedAtStart() throws Exception {
        fixture.runtime.awaitLog("Removing .*\\.wipe:0123456789abcdef, left by an unfinished wipe", TIMEOUT);
        awaitWipesDone();
        assertFalse(Files.exists(leftover));
    }

    @Test
    void linksInThePersistDirectoryAreRemovedNotFollowed() throws Exception {
        List<Path> files = hostFiles("linked", 5);
        Container c = install("linker", "1.0.0");
        Path data = Files.createDirectories(dataDir().resolve("linker/sub"));
        Files.writeString(data.resolve("own"), "container data");
        Files.createSymbolicLink(data.resolve("dir-link"), host.resolve("linked"));
        Files.createSymbolicLink(data.resolve("file-link"), files.get(0));
        Files.createSymbolicLink(dataDir().resolve("linker/top-link"), host);
        uninstallWiping(c);
        assertFalse(Files.exists(dataDir().resolve("linker"), LinkOption.NOFOLLOW_LINKS));
        awaitWipesDone();
        assertIntact(files);
    }

    @Test
    void aPersistDirectoryThatIsItselfALinkIsRemovedAsALink() throws Exception {
        List<Path> files = hostFiles("target", 3);
        Container c = install("self-link", "1.0.0");
        Files.createSymbolicLink(dataDir().resolve("self-link"), host.resolve("target"));
        uninstallWiping(c);
        awaitWipesDone();
        assertFalse(Files.exists(dataDir().resolve("self-link"), LinkOption.NOFOLLOW_LINKS));
        assertIntact(files);
    }

    /**
     * Best effort at the race: a thread keeps replacing subdirectories of the tree (under its name
     * and, once moved aside, under the wipe's name) by links to a host directory while the daemon
     * deletes a large tree.
     */
    @Test
    void linksSwappedInDuringTheWipeAreNotFollowed() throws Exception {
        List<Path> files = hostFiles("raced", 20);
        for (int round = 0; round < 3; round++) {
            Container c = install("racy", "1." + round + ".0");
            Path data = Files.createDirectories(dataDir().resolve("racy"));
            for (int d = 0; d < 40; d++) {
                Path sub = Files.createDirectories(data.resolve("s" + d));
                for (int i = 0; i < 50; i++) {
                    Files.writeString(sub.resolve("f" + i), "x");
                }
            }
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong swaps = new AtomicLong();
            Thread swapper = new Thread(() -> {
                while (!done.get()) {
                    List<Path> trees = new ArrayList<>(List.of(data));
                    try {
                        trees.addAll(wipesInProgress());
                    } catch (IOException e) {
                        continue;
                    }
                    for (Path tree : trees) {
                        for (int d = 0; d < 40; d++) {
                            Path sub = tree.resolve("s" + d);
                            try {
                                Files.move(sub, tree.resolve("aside-" + System.nanoTime()), StandardCopyOption.ATOMIC_MOVE);
                                Files.createSymbolicLink(sub, host.resolve("raced"));
                                swaps.incrementAndGet();
                            } catch (IOException e) {
                                // gone already
                            }
                        }
                    }
                }
            }, "swapper");
            swapper.start();
            try {
                Thread.sleep(20);
                uninstallWiping(c);
                awaitWipesDone();
            } finally {
                done.set(true);
                swapper.join();
            }
            assertTrue(swaps.get() > 0, "the swapper swapped");
            assertIntact(files);
            // what the swapper made under the name after the rename is new data of the name
            if (Files.exists(data, LinkOption.NOFOLLOW_LINKS)) {
                Container again = install("racy", "2." + round + ".0");
                uninstallWiping(again);
                awaitWipesDone();
                assertIntact(files);
            }
            assertFalse(Files.exists(data, LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void wipeWhileAnotherVersionOfTheNameRunsIsRefused() throws Exception {
        String manifest = "name: shared-data\nversion: %s\ninit: /test-container\nargs: [sleep]\nuid: 1000\ngid: 1000\n"
                + "mounts:\n  /data:\n    type: persist\n";
        Path work = Files.createDirectories(fixture.work.resolve("shared-data"));
        Container running = fixture.client.install(ContainerFixture.REPOSITORY,
                TestContainers.withBinary(work, "shared-1.npk", manifest.formatted("0.0.1")));
        Container other = fixture.client.install(ContainerFixture.REPOSITORY,
                TestContainers.withBinary(work, "shared-2.npk", manifest.formatted("0.0.2")));
        fixture.client.start(running);
        fixture.awaitNotification(new Notification.Started(running));
        Path data = dataDir().resolve("shared-data");
        Files.writeString(data.resolve("state"), "running");

        RequestFailedException refused = assertThrows(RequestFailedException.class,
                () -> fixture.client.uninstall(other, true));
        assertEquals(new ConsoleError.UmountBusy(running), refused.error());
        assertEquals("running", Files.readString(data.resolve("state")), "data intact");
        assertTrue(fixture.client.list().contains(other), "still installed");
        fixture.runtime.awaitLog("Failed to uninstall shared-data:0.0.2 with wipe: its persistent data is in use by "
                + "shared-data:0.0.1", TIMEOUT);
        // the running version itself: refused the same way
        RequestFailedException self = assertThrows(RequestFailedException.class,
                () -> fixture.client.uninstall(running, true));
        assertEquals(new ConsoleError.UmountBusy(running), self.error());

        fixture.stop(running);
        uninstallWiping(other);
        awaitWipesDone();
        assertFalse(Files.exists(data));
        uninstallWiping(running);
    }
}
