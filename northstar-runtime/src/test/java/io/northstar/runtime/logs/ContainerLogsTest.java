package io.northstar.runtime.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.console.LogLine;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ContainerLogsTest {

    private static final Container HELLO = Container.parse("hello:0.0.1");
    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");
    private static final LogLine.Stream OUT = LogLine.Stream.STDOUT;

    private static ContainerLogs logs(int lines, long bytes) {
        return new ContainerLogs(new LogLimits(lines, bytes), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static List<String> texts(LogRead read) {
        return read.lines().stream().map(LogLine::line).toList();
    }

    private static final class Recorder implements LogFollower {
        final List<String> lines = new ArrayList<>();
        int ends;

        @Override
        public synchronized void line(LogLine line) {
            lines.add(line.line());
        }

        @Override
        public synchronized void end() {
            ends++;
        }
    }

    @Test
    void keepsTheNewestLinesWithinTheLineBound() {
        ContainerLogs logs = logs(3, 1 << 20);
        LogRun run = logs.begin(HELLO);
        IntStream.range(0, 10).forEach(i -> run.append(OUT, "line " + i));
        assertEquals(List.of("line 7", "line 8", "line 9"), texts(logs.read(HELLO, OptionalLong.empty(), Optional.empty())));
        assertEquals(List.of("line 8", "line 9"), texts(logs.read(HELLO, OptionalLong.of(2), Optional.empty())));
        assertEquals(List.of(), texts(logs.read(HELLO, OptionalLong.of(0), Optional.empty())));
        assertEquals(3, logs.read(HELLO, OptionalLong.of(0xffff_ffffL), Optional.empty()).lines().size());
        LogLine first = logs.read(HELLO, OptionalLong.of(1), Optional.empty()).lines().get(0);
        assertEquals(new LogLine(NOW, OUT, "line 9"), first);
    }

    @Test
    void keepsTheNewestLinesWithinTheByteBoundCountingUtf8() {
        ContainerLogs logs = logs(1000, 10);
        LogRun run = logs.begin(HELLO);
        run.append(OUT, "aaaa");
        run.append(OUT, "bbbb");
        run.append(OUT, "ü€"); // 2 + 3 bytes: 13 > 10, so aaaa goes
        assertEquals(List.of("bbbb", "ü€"), texts(logs.read(HELLO, OptionalLong.empty(), Optional.empty())));
        // A line larger than the whole bound is not kept (followers still get it) and evicts nothing.
        Recorder follower = new Recorder();
        logs.read(HELLO, OptionalLong.of(0), Optional.of(follower));
        run.append(LogLine.Stream.STDERR, "x".repeat(11));
        assertEquals(List.of("bbbb", "ü€"), texts(logs.read(HELLO, OptionalLong.empty(), Optional.empty())));
        assertEquals(List.of("x".repeat(11)), follower.lines);
    }

    @Test
    void zeroLinesKeepsNothingButFollowsStill() {
        ContainerLogs logs = logs(0, 1 << 20);
        LogRun run = logs.begin(HELLO);
        Recorder follower = new Recorder();
        assertTrue(logs.read(HELLO, OptionalLong.empty(), Optional.of(follower)).following());
        run.append(OUT, "a");
        assertEquals(List.of(), texts(logs.read(HELLO, OptionalLong.empty(), Optional.empty())));
        assertEquals(List.of("a"), follower.lines);
    }

    @Test
    void aFollowStartsAfterTheReadLinesAndEndsWithTheRun() {
        ContainerLogs logs = logs(100, 1 << 20);
        LogRun run = logs.begin(HELLO);
        run.append(OUT, "before");
        Recorder follower = new Recorder();
        LogRead read = logs.read(HELLO, OptionalLong.empty(), Optional.of(follower));
        assertTrue(read.following());
        assertEquals(List.of("before"), texts(read));
        run.append(OUT, "after");
        assertEquals(List.of("after"), follower.lines);
        run.end();
        run.end();
        assertEquals(1, follower.ends);
        assertEquals(0, logs.followers(HELLO));
        run.append(OUT, "late");
        assertEquals(List.of("after"), follower.lines, "nothing after the end");
        // The last run stays readable after its end, and cannot be followed any more.
        Recorder late = new Recorder();
        LogRead again = logs.read(HELLO, OptionalLong.empty(), Optional.of(late));
        assertFalse(again.following());
        assertEquals(List.of("before", "after"), texts(again));
        assertEquals(0, logs.followers(HELLO));
    }

    @Test
    void theNextStartReplacesTheLastRunAndAStaleRunAddsNothing() {
        ContainerLogs logs = logs(100, 1 << 20);
        LogRun first = logs.begin(HELLO);
        first.append(OUT, "first run");
        first.end();
        LogRun second = logs.begin(HELLO);
        first.append(OUT, "a stuck pump of the first run");
        second.append(OUT, "second run");
        assertEquals(List.of("second run"), texts(logs.read(HELLO, OptionalLong.empty(), Optional.empty())));
    }

    @Test
    void unfollowAndUninstallReleaseFollowers() {
        ContainerLogs logs = logs(100, 1 << 20);
        LogRun run = logs.begin(HELLO);
        Recorder gone = new Recorder();
        LogRead read = logs.read(HELLO, OptionalLong.empty(), Optional.of(gone));
        Recorder staying = new Recorder();
        logs.read(HELLO, OptionalLong.empty(), Optional.of(staying));
        assertEquals(2, logs.followers(HELLO));
        read.unfollow().orElseThrow().run();
        assertEquals(1, logs.followers(HELLO));
        run.append(OUT, "x");
        assertEquals(List.of(), gone.lines);
        assertEquals(0, gone.ends, "a follower that left is not told the end");
        logs.remove(HELLO);
        assertEquals(1, staying.ends);
        run.append(OUT, "after uninstall");
        assertEquals(List.of(), texts(logs.read(HELLO, OptionalLong.empty(), Optional.empty())));
        assertFalse(logs.read(HELLO, OptionalLong.empty(), Optional.of(new Recorder())).following());
    }

    @Test
    void twoPumpsAndAFollowerSeeOneOrder() throws Exception {
        ContainerLogs logs = logs(100_000, 64L << 20);
        LogRun run = logs.begin(HELLO);
        Recorder follower = new Recorder();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> pumps = new ArrayList<>();
        for (LogLine.Stream stream : LogLine.Stream.values()) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 5000; i++) {
                    run.append(stream, stream.wireName() + i);
                    if (i == 2500 && stream == OUT) {
                        logs.read(HELLO, OptionalLong.empty(), Optional.of(follower));
                    }
                }
            });
            t.start();
            pumps.add(t);
        }
        go.countDown();
        for (Thread t : pumps) {
            t.join();
        }
        List<String> kept = texts(logs.read(HELLO, OptionalLong.empty(), Optional.empty()));
        assertEquals(10_000, kept.size());
        // The follower saw exactly the kept lines after some point: none missed, none twice.
        assertEquals(kept.subList(kept.size() - follower.lines.size(), kept.size()), follower.lines);
    }

    @Test
    void limitsAreBounded() {
        assertThrows(IllegalArgumentException.class, () -> new LogLimits(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LogLimits(LogLimits.MAX_LINES + 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LogLimits(0, LogLimits.MAX_BYTES + 1));
    }
}
