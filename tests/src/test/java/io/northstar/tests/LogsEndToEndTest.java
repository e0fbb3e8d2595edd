package io.northstar.tests;

import static io.northstar.tests.ContainerFixture.REPOSITORY;
import static io.northstar.tests.ContainerFixture.TEST_CONTAINER;
import static io.northstar.tests.ContainerFixture.TEST_RESOURCE;
import static io.northstar.tests.ContainerFixture.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.client.Client;
import io.northstar.client.PermissionDeniedException;
import io.northstar.client.RequestFailedException;
import io.northstar.common.Container;
import io.northstar.console.ConsoleError;
import io.northstar.console.ExitStatus;
import io.northstar.console.LogLine;
import io.northstar.console.Request;
import io.northstar.nstar.Nstar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Container logs over the console (docs/protocol.md, "Container logs") against the real daemon: the kept
 * lines of the last run within [logs] max_lines, tail, the last run after the exit, the next start
 * replacing it, uninstall removing it, a follow until the exit, nstar logs, and the logs permission.
 */
class LogsEndToEndTest extends SharedContainerFixture {
    private static final Container HELLO_WORLD = Container.parse("hello-world:0.0.1");
    private static final int MAX_LINES = 5;

    LogsEndToEndTest() {
        super("logs");
    }

    @Override
    protected void tune(TestConfig config) {
        // Short output lines: the flood test below makes many of them quickly.
        config.topLevel("max_output_line_size = \"1KiB\"").table("[logs]\nmax_lines = " + MAX_LINES + "\n");
    }

    @AfterEach
    void uninstall() throws Exception {
        Set<Container> installed = Set.copyOf(fixture.client.list());
        for (Container c : List.of(TEST_CONTAINER, HELLO_WORLD)) {
            if (installed.contains(c)) {
                if (fixture.client.inspect(c).process().isPresent()) {
                    fixture.stop(c);
                }
                fixture.uninstall(c);
            }
        }
        if (installed.contains(TEST_RESOURCE)) {
            fixture.uninstall(TEST_RESOURCE);
        }
    }

    private Client connect() throws Exception {
        return Client.connect(URI.create("unix://" + fixture.config.console()), false, TIMEOUT);
    }

    private static List<String> texts(List<LogLine> lines) {
        return lines.stream().map(LogLine::line).toList();
    }

    /** Polls logs until {@code done} holds: the output pumps run beside the console. */
    private List<LogLine> awaitLogs(Container container, Predicate<List<String>> done) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            List<LogLine> lines = fixture.client.logs(container, OptionalLong.empty());
            if (done.test(texts(lines))) {
                return lines;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("logs of " + container + " never matched; last: " + texts(lines));
            }
            Thread.sleep(50);
        }
    }

    @Test
    void keptLinesTailTheLastRunAfterItsExitAndUninstall() throws Exception {
        fixture.installBoth();
        Instant before = Instant.now();
        // Hostile text: the escape sequence arrives as written, the JSON keeps it on one line.
        int mark = fixture.runtime.mark();
        fixture.startWithArgs(TEST_CONTAINER, "print", "--io", "stderr", "one\ntwo\nthree\nfour\nfive\nsix\u001b[2J");
        // Eight lines: Executing... and Sleeping... on stdout, one to six on stderr. The two streams are
        // read by two threads, so only the order within a stream is given, and which five are the newest
        // depends on it: wait until both streams are through (the runtime logs each line as it keeps it).
        String six = "six\u001b[2J";
        fixture.runtime.awaitLog(mark, "test-container:0.0.1: Sleeping\\.\\.\\.", TIMEOUT);
        List<LogLine> kept = awaitLogs(TEST_CONTAINER, l -> l.contains(six));
        assertEquals(MAX_LINES, kept.size(), "max_lines = 5 keeps the newest five: " + kept);
        List<String> stderr = kept.stream().filter(l -> l.stream() == LogLine.Stream.STDERR).map(LogLine::line).toList();
        List<String> written = List.of("one", "two", "three", "four", "five", six);
        assertTrue(stderr.size() >= 3, kept.toString());
        assertEquals(written.subList(written.size() - stderr.size(), written.size()), stderr);
        assertTrue(kept.stream().filter(l -> l.stream() == LogLine.Stream.STDOUT)
                .allMatch(l -> l.line().equals("Sleeping...") || l.line().startsWith("Executing")), kept.toString());
        assertTrue(kept.stream().allMatch(l -> !l.time().isBefore(before) && !l.time().isAfter(Instant.now())),
                kept.toString());
        assertEquals(kept.subList(3, 5), fixture.client.logs(TEST_CONTAINER, OptionalLong.of(2)));
        assertEquals(List.of(), fixture.client.logs(TEST_CONTAINER, OptionalLong.of(0)));

        fixture.stop(TEST_CONTAINER);
        assertEquals(kept, fixture.client.logs(TEST_CONTAINER, OptionalLong.empty()), "the last run stays after the exit");
        // Following a container that does not run: the kept lines, and the call returns.
        List<LogLine> followed = new ArrayList<>();
        try (Client other = connect()) {
            other.followLogs(TEST_CONTAINER, OptionalLong.of(1), (c, line) -> followed.add(line));
        }
        assertEquals(List.of(kept.get(kept.size() - 1)), followed);

        // The next start replaces the last run.
        fixture.client.start(TEST_CONTAINER, java.util.Optional.empty(),
                List.of(io.northstar.common.NonNulString.of("exit"), io.northstar.common.NonNulString.of("3")),
                java.util.Map.of());
        assertEquals(new ExitStatus.Exit(3), fixture.awaitExit(TEST_CONTAINER));
        List<LogLine> second = fixture.client.logs(TEST_CONTAINER, OptionalLong.empty());
        assertEquals(List.of("Executing \"Exit { code: 3 }\""), texts(second));
        assertEquals(LogLine.Stream.STDOUT, second.get(0).stream());

        fixture.uninstall(TEST_CONTAINER);
        RequestFailedException gone = assertThrows(RequestFailedException.class,
                () -> fixture.client.logs(TEST_CONTAINER, OptionalLong.empty()));
        assertEquals(new ConsoleError.InvalidContainer(TEST_CONTAINER), gone.error());
    }

    @Test
    void aFollowStreamsNewLinesUntilTheExitAndNstarPrintsThem() throws Exception {
        Path npk = TestContainers.example(fixture.work, "hello-world", m -> m);
        assertEquals(HELLO_WORLD, fixture.client.install(REPOSITORY, npk));
        fixture.client.start(HELLO_WORLD);
        List<String> followed = new ArrayList<>();
        List<Long> skipped = new ArrayList<>();
        try (Client follower = connect()) {
            follower.followLogs(HELLO_WORLD, OptionalLong.of(1), new Client.LogListener() {
                @Override
                public boolean line(Container container, LogLine line) {
                    assertEquals(HELLO_WORLD, container);
                    followed.add(line.line());
                    return true;
                }

                @Override
                public void skipped(Container container, long count) {
                    skipped.add(count);
                }
            });
            // Returned at the end of the run: the connection is in step for more requests.
            assertTrue(follower.list().contains(HELLO_WORLD));
        }
        assertEquals(List.of(), skipped);
        // Hello ... then Hello again 1 to 10, each once, in order; the first seen may be a later one
        // (the follow began after the start answer, with the newest kept line).
        List<String> all = new ArrayList<>();
        all.add("Hello northstar from hello-world:0.0.1!");
        for (int i = 1; i <= 10; i++) {
            all.add("Hello again " + i);
        }
        assertFalse(followed.isEmpty());
        int first = all.indexOf(followed.get(0));
        assertTrue(first >= 0, followed.toString());
        assertEquals(all.subList(first, all.size()), followed);
        assertTrue(followed.size() > 2, "lines arrived while following: " + followed);
        assertEquals(new ExitStatus.Exit(0), fixture.awaitExit(HELLO_WORLD));
        assertEquals(all.subList(all.size() - MAX_LINES, all.size()),
                texts(fixture.client.logs(HELLO_WORLD, OptionalLong.empty())));

        StringWriter out = new StringWriter();
        Nstar nstar = new Nstar();
        try {
            CommandLine cli = new CommandLine(nstar);
            cli.setOut(new PrintWriter(out));
            assertEquals(0, cli.execute("--url", "unix://" + fixture.config.console(), "logs", "--tail", "2",
                    "hello-world"));
        } finally {
            nstar.close();
        }
        List<String> printed = out.toString().lines().toList();
        assertEquals(2, printed.size(), out.toString());
        Pattern line = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} hello-world: Hello again (9|10)");
        assertTrue(printed.stream().allMatch(l -> line.matcher(l).matches()), printed.toString());
        assertTrue(printed.get(1).endsWith("Hello again 10"), printed.toString());
    }

    @Test
    void aClientThatGoesWhileFollowingLeavesTheRuntimeServing() throws Exception {
        fixture.installBoth();
        fixture.startWithArgs(TEST_CONTAINER, "sleep");
        List<String> sleeping = List.of("Executing \"Sleep\"", "Sleeping...");
        awaitLogs(TEST_CONTAINER, sleeping::equals);
        int mark = fixture.runtime.mark();
        // A raw client: follows, reads the answer, and goes without a word.
        try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(fixture.config.console()))) {
            raw.write(ByteBuffer.wrap(("{\"connect\":{\"version\":\"0.9.3\",\"subscribe_notifications\":false}}\n"
                    + "{\"request\":{\"logs\":{\"container\":\"test-container:0.0.1\",\"tail\":null,"
                    + "\"follow\":true}}}\n").getBytes(StandardCharsets.UTF_8)));
            String received = readLines(raw, 2);
            assertTrue(received.contains("\"follow\":true"), received);
            assertTrue(received.contains("Executing \\\"Sleep\\\""), received);
            assertTrue(received.contains("Sleeping..."), received);
        }
        // The runtime serves on: another follow of the same run gets its lines and ends with the exit.
        List<String> again = new ArrayList<>();
        try (Client c = connect()) {
            c.followLogs(TEST_CONTAINER, OptionalLong.empty(), (x, line) -> {
                again.add(line.line());
                if (again.size() == sleeping.size()) {
                    // The kept lines come after the answer: the follow is registered, the exit will end it.
                    try {
                        fixture.client.kill(TEST_CONTAINER, 15);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return true;
            });
        }
        assertEquals(sleeping, again);
        assertEquals(new ExitStatus.Signalled(15), fixture.awaitExit(TEST_CONTAINER));
        assertTrue(fixture.runtime.log().stream().skip(mark).noneMatch(l -> l.contains("ERROR")),
                String.join("\n", fixture.runtime.log()));
    }

    @Test
    void aFollowerThatDoesNotReadSkipsLinesAndKeepsItsConnection() throws Exception {
        fixture.installBoth();
        // Endless output without newlines: 1 KiB pieces as fast as the runtime reads them.
        fixture.client.start(TEST_CONTAINER, java.util.Optional.empty(),
                List.of(io.northstar.common.NonNulString.of("cat"), io.northstar.common.NonNulString.of("/dev/zero")),
                java.util.Map.of());
        try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(fixture.config.console()))) {
            raw.write(ByteBuffer.wrap(("{\"connect\":{\"version\":\"0.9.3\",\"subscribe_notifications\":false}}\n"
                    + "{\"request\":{\"logs\":{\"container\":\"test-container:0.0.1\",\"tail\":0,"
                    + "\"follow\":true}}}\n").getBytes(StandardCharsets.UTF_8)));
            // This client reads nothing for two seconds while the container writes.
            Thread.sleep(2000);
            fixture.client.kill(TEST_CONTAINER, 9);
            assertEquals(new ExitStatus.Signalled(9), fixture.awaitExit(TEST_CONTAINER));
            raw.write(ByteBuffer.wrap("{\"request\":\"list\"}\n".getBytes(StandardCharsets.UTF_8)));
            io.northstar.console.ConsoleCodec codec = new io.northstar.console.ConsoleCodec();
            long lines = 0;
            long skipped = 0;
            boolean ended = false;
            java.io.InputStream in = java.nio.channels.Channels.newInputStream(raw);
            io.northstar.console.LineReader reader = io.northstar.console.LineReader.unlimited(in);
            while (true) {
                byte[] line = reader.readLine();
                assertTrue(line != null, "the runtime closed the connection of a slow follower");
                io.northstar.console.Message m = codec.decode(line);
                if (m instanceof io.northstar.console.Notification.Log log) {
                    assertFalse(ended);
                    lines++;
                    skipped += log.skipped();
                } else if (m instanceof io.northstar.console.Notification.LogEnd end) {
                    skipped += end.skipped();
                    ended = true;
                } else if (m instanceof io.northstar.console.Response.List) {
                    break;
                }
            }
            assertTrue(ended, "log_end");
            assertTrue(lines > 0, "lines got through");
            assertTrue(skipped > 0, "lines were skipped: " + lines + " got through");
        }
        assertEquals(List.of(TEST_CONTAINER, TEST_RESOURCE), fixture.client.list().stream().sorted().toList());
    }

    /** Reads until {@code n} newlines have arrived. */
    private static String readLines(SocketChannel channel, int n) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        while (b.chars().filter(ch -> ch == '\n').count() < n) {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                break;
            }
            b.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    @Test
    void withoutTheLogsPermissionTheRequestIsDenied() throws Exception {
        // Northstar's 15 permissions, but not logs: a config written for Northstar keeps the logs closed
        // unless it says "full".
        String northstars = "[\"ident\", \"inspect\", \"install\", \"kill\", \"list\", \"notifications\", \"mount\", "
                + "\"repositories\", \"shutdown\", \"start\", \"start_command\", \"token_create\", "
                + "\"token_verification\", \"umount\", \"uninstall\"]";
        try (ContainerFixture denied = ContainerFixture.start("logs-denied", c -> c.permissions(northstars))) {
            PermissionDeniedException e = assertThrows(PermissionDeniedException.class,
                    () -> denied.client.logs(TEST_CONTAINER, OptionalLong.empty()));
            assertEquals(new Request.Logs(TEST_CONTAINER, OptionalLong.empty(), false), e.request());
            assertThrows(PermissionDeniedException.class,
                    () -> denied.client.followLogs(TEST_CONTAINER, OptionalLong.of(3), (c, l) -> true));
            assertEquals(List.of(), denied.client.list(), "the connection stays usable");
        }
    }
}
