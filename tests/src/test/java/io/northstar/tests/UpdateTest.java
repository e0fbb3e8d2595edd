package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.client.Client;
import io.northstar.client.RequestFailedException;
import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.console.ConsoleCodec;
import io.northstar.console.ConsoleError;
import io.northstar.console.Connect;
import io.northstar.console.Notification;
import io.northstar.console.Request;
import io.northstar.console.UpdateResult;
import io.northstar.console.UpdateStep;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code update} against the real daemon (docs/runtime.md, "Updating a container"): the new version replaces the
 * old one, or the old one is back; at no moment is no version of the name installed, and the persistent data of
 * the name survives.
 */
class UpdateTest extends SharedContainerFixture {
    private static final Duration TIMEOUT = ContainerFixture.TIMEOUT;
    static final String MANIFEST = "name: %s\nversion: %s\ninit: /test-container\nargs: %s\nuid: 1000\n"
            + "gid: 1000\nio:\n  stdout: pipe\n  stderr: pipe\nmounts:\n  /data:\n    type: persist\n%s";

    UpdateTest() {
        super("update");
    }

    @Override
    protected void tune(TestConfig config) {
        // A short default window: the tests that rely on it stay quick; one test overrides it per request.
        config.topLevel("update_health_window = \"1s\"");
    }

    private Path npk(String name, String version, String args, String extraMounts) throws Exception {
        Path work = Files.createDirectories(fixture.work.resolve(name));
        return TestContainers.withBinary(work, name + "-" + version + ".npk",
                MANIFEST.formatted(name, version, args, extraMounts));
    }

    private Container install(String name, String version, String args) throws Exception {
        Container c = fixture.client.install(ContainerFixture.REPOSITORY, npk(name, version, args, ""));
        fixture.awaitNotification(new Notification.Install(c));
        return c;
    }

    private void startAndAwait(Container c) throws Exception {
        fixture.client.start(c);
        fixture.awaitNotification(new Notification.Started(c));
    }

    /** The update steps for {@code to} that reached the subscribed client, in order, up to the last one. */
    private List<UpdateStep> steps(Container to, UpdateStep last) throws Exception {
        List<UpdateStep> steps = new ArrayList<>();
        while (steps.isEmpty() || steps.get(steps.size() - 1) != last) {
            Notification n = fixture.awaitMatching(m -> m instanceof Notification.Update u && u.to().equals(to),
                    "update step of " + to);
            steps.add(((Notification.Update) n).step());
        }
        return steps;
    }

    /**
     * Lists the containers on its own connection as fast as the runtime answers while an update runs, and
     * records every list in which no version of {@code name} was installed.
     */
    private static final class Watcher implements AutoCloseable {
        final List<List<Container>> withoutName = new CopyOnWriteArrayList<>();
        final AtomicInteger lists = new AtomicInteger();
        private final AtomicBoolean done = new AtomicBoolean();
        private final Thread thread;
        private volatile Exception failure;

        Watcher(URI url, Name name) {
            thread = new Thread(() -> {
                try (Client client = Client.connect(url, false, TIMEOUT)) {
                    while (!done.get()) {
                        List<Container> installed = client.list();
                        lists.incrementAndGet();
                        if (installed.stream().noneMatch(c -> c.name().equals(name))) {
                            withoutName.add(installed);
                        }
                    }
                } catch (Exception e) {
                    failure = e;
                }
            }, "update-watcher");
            thread.start();
        }

        @Override
        public void close() throws Exception {
            done.set(true);
            thread.join();
            if (failure != null) {
                throw failure;
            }
            assertEquals(List.of(), withoutName, "lists without a version of the name");
            assertTrue(lists.get() > 0, "the watcher listed");
        }
    }

    private Watcher watch(String name) {
        return new Watcher(URI.create("unix://" + fixture.config.console()), Name.of(name));
    }

    /**
     * The update from {@code from} to {@code to} went through {@code steps} and ended rolled back:
     * {@code from} is again the only version and runs again. Stops it.
     */
    private void assertRolledBack(Container from, Container to, UpdateStep... steps) throws Exception {
        assertEquals(List.of(steps), steps(to, UpdateStep.ROLLED_BACK));
        assertEquals(List.of(from), versions(from.name().value()));
        assertTrue(runs(from), "the old version runs again");
        fixture.stop(from);
    }

    private List<Container> versions(String name) throws Exception {
        return fixture.client.list().stream().filter(c -> c.name().value().equals(name)).toList();
    }

    private boolean runs(Container c) throws Exception {
        return fixture.client.inspect(c).process().isPresent();
    }

    @Test
    void healthyUpdateReplacesTheRunningVersionAndKeepsTheData() throws Exception {
        Container v1 = install("up-healthy", "0.0.1", "[write, one, /data/one]");
        startAndAwait(v1);
        Path data = fixture.config.dataDir().resolve("up-healthy");
        fixture.runtime.awaitLog("up-healthy:0.0.1: Sleeping\\.\\.\\.", TIMEOUT);
        assertEquals("one", Files.readString(data.resolve("one")));

        Path next = npk("up-healthy", "0.0.2", "[write, two, /data/two]", "");
        UpdateResult result;
        // A subscriber that never asks for an update (as a Rust Northstar client) sees the usual notifications
        // of the steps and never an update notification, which it could not decode.
        try (Client bystander = Client.connect(URI.create("unix://" + fixture.config.console()), true, TIMEOUT)) {
            try (Watcher watcher = watch("up-healthy")) {
                result = fixture.client.update(ContainerFixture.REPOSITORY, next, Optional.empty());
            }
            List<Notification> seen = new ArrayList<>();
            while (!seen.contains(new Notification.Uninstall(v1))) {
                seen.add(bystander.awaitNotification(TIMEOUT).orElseThrow(() -> new AssertionError(
                        "no uninstall of " + v1 + " among " + seen)));
            }
            assertTrue(seen.contains(new Notification.Install(Container.parse("up-healthy:0.0.2"))), seen.toString());
            assertTrue(seen.stream().noneMatch(n -> n instanceof Notification.Update), seen.toString());
        }
        Container v2 = Container.parse("up-healthy:0.0.2");
        assertEquals(new UpdateResult.Updated(v1, v2), result);
        assertEquals(List.of(UpdateStep.INSTALLED, UpdateStep.STOPPED_OLD, UpdateStep.STARTED_NEW, UpdateStep.HEALTHY,
                UpdateStep.COMPLETED), steps(v2, UpdateStep.COMPLETED));
        assertEquals(List.of(v2), versions("up-healthy"));
        assertTrue(runs(v2));
        assertEquals("one", Files.readString(data.resolve("one")), "the old version's data survives");
        assertEquals("two", Files.readString(data.resolve("two")), "the new version writes to the same directory");
        fixture.runtime.awaitLog("Update from up-healthy:0.0.1 to up-healthy:0.0.2: completed", TIMEOUT);
        fixture.stop(v2);
    }

    @Test
    void exitWithNonZeroWithinTheWindowRollsBackToTheRunningOldVersion() throws Exception {
        Container v1 = install("up-exit", "0.0.1", "[sleep]");
        startAndAwait(v1);
        Path next = npk("up-exit", "0.0.2", "[exit, \"1\"]", "");
        UpdateResult result;
        try (Watcher watcher = watch("up-exit")) {
            // The exit comes at once; a long window shows that the rollback does not wait for its end.
            result = fixture.client.update(ContainerFixture.REPOSITORY, next, Optional.of(Duration.ofSeconds(30)));
        }
        Container v2 = Container.parse("up-exit:0.0.2");
        UpdateResult.RolledBack back = assertInstanceOf(UpdateResult.RolledBack.class, result);
        assertEquals(v1, back.from());
        assertTrue(back.reason().contains("up-exit:0.0.2 exited with {\"exit\":{\"code\":1}} within the health window"
                + " of 30000 ms"), back.reason());
        assertRolledBack(v1, v2, UpdateStep.INSTALLED, UpdateStep.STOPPED_OLD, UpdateStep.STARTED_NEW,
                UpdateStep.ROLLING_BACK, UpdateStep.ROLLED_BACK);
    }

    @Test
    void failedStartRollsBack() throws Exception {
        Container v1 = install("up-nostart", "0.0.1", "[sleep]");
        startAndAwait(v1);
        // A resource that is not installed: the start of the new version fails.
        Path next = npk("up-nostart", "0.0.2", "[sleep]",
                "  /missing:\n    type: resource\n    name: not-installed\n    version: '>=1.0.0'\n    dir: /\n");
        UpdateResult result;
        try (Watcher watcher = watch("up-nostart")) {
            result = fixture.client.update(ContainerFixture.REPOSITORY, next, Optional.empty());
        }
        Container v2 = Container.parse("up-nostart:0.0.2");
        UpdateResult.RolledBack back = assertInstanceOf(UpdateResult.RolledBack.class, result);
        assertTrue(back.reason().startsWith("starting up-nostart:0.0.2 failed: "), back.reason());
        assertRolledBack(v1, v2, UpdateStep.INSTALLED, UpdateStep.STOPPED_OLD, UpdateStep.ROLLING_BACK,
                UpdateStep.ROLLED_BACK);
    }

    @Test
    void stoppedContainerIsReplacedWithoutStartingIt() throws Exception {
        Container v1 = install("up-stopped", "0.0.1", "[sleep]");
        Path data = Files.createDirectories(fixture.config.dataDir().resolve("up-stopped"));
        Files.writeString(data.resolve("kept"), "data");
        UpdateResult result = fixture.client.update(ContainerFixture.REPOSITORY,
                npk("up-stopped", "0.1.0", "[sleep]", ""), Optional.empty());
        Container v2 = Container.parse("up-stopped:0.1.0");
        assertEquals(new UpdateResult.Updated(v1, v2), result);
        assertEquals(List.of(UpdateStep.INSTALLED, UpdateStep.COMPLETED), steps(v2, UpdateStep.COMPLETED));
        assertEquals(List.of(v2), versions("up-stopped"));
        assertFalse(runs(v2), "an update does not start what did not run");
        assertEquals("data", Files.readString(data.resolve("kept")));
    }

    @Test
    void refusedUpdatesChangeNothing() throws Exception {
        Container v2 = install("up-refused", "0.0.2", "[sleep]");
        List<String> causes = new ArrayList<>();
        for (String version : List.of("0.0.1", "0.0.2")) {
            RequestFailedException refused = assertThrows(RequestFailedException.class, () -> fixture.client.update(
                    ContainerFixture.REPOSITORY, npk("up-refused", version, "[sleep]", ""), Optional.empty()));
            causes.add(assertInstanceOf(ConsoleError.InvalidArguments.class, refused.error()).cause());
        }
        assertEquals(List.of("up-refused:0.0.1 is not newer than the installed up-refused:0.0.2",
                "up-refused:0.0.2 is already installed"), causes);
        RequestFailedException notInstalled = assertThrows(RequestFailedException.class, () -> fixture.client.update(
                ContainerFixture.REPOSITORY, npk("up-absent", "1.0.0", "[sleep]", ""), Optional.empty()));
        assertEquals(new ConsoleError.InvalidArguments(
                "up-absent is not installed: an update replaces an installed version (use install)"),
                notInstalled.error());
        RequestFailedException window = assertThrows(RequestFailedException.class, () -> fixture.client.update(
                ContainerFixture.REPOSITORY, npk("up-refused", "0.0.3", "[sleep]", ""),
                Optional.of(Duration.ofDays(2))));
        assertInstanceOf(ConsoleError.InvalidArguments.class, window.error());
        assertEquals(List.of(v2), versions("up-refused"));
        assertEquals(List.of(), versions("up-absent"));
    }

    /** The update belongs to the runtime: the requester hanging up in the health window changes nothing. */
    @Test
    void requesterThatHangsUpMidUpdateDoesNotStopIt() throws Exception {
        Container v1 = install("up-hangup", "0.0.1", "[sleep]");
        startAndAwait(v1);
        byte[] npk = Files.readAllBytes(npk("up-hangup", "0.0.2", "[sleep]", ""));
        ConsoleCodec codec = new ConsoleCodec();
        try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(fixture.config.console()))) {
            raw.write(ByteBuffer.wrap(codec.encodeLine(Connect.current(false))));
            ByteBuffer ack = ByteBuffer.allocate(64);
            while (ack.position() == 0 || ack.get(ack.position() - 1) != '\n') {
                assertTrue(raw.read(ack) > 0, "connect_ack");
            }
            raw.write(ByteBuffer.wrap(codec.encodeLine(new Request.Update(ContainerFixture.REPOSITORY, npk.length,
                    Optional.of(1000L)))));
            raw.write(ByteBuffer.wrap(npk));
            // the steps go to the connections that asked for updates: this test reads them from the log
            fixture.runtime.awaitLog("Update from up-hangup:0\\.0\\.1 to up-hangup:0\\.0\\.2: started_new", TIMEOUT);
        }
        Container v2 = Container.parse("up-hangup:0.0.2");
        fixture.runtime.awaitLog("Update from up-hangup:0\\.0\\.1 to up-hangup:0\\.0\\.2: completed", TIMEOUT);
        assertEquals(List.of(v2), versions("up-hangup"));
        assertTrue(runs(v2));
        fixture.stop(v2);
    }
}
