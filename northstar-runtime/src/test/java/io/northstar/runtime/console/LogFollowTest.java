package io.northstar.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.console.ConsoleCodec;
import io.northstar.console.LogLine;
import io.northstar.console.Message;
import io.northstar.console.Notification;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LogFollowTest {

    private static final Container HELLO = Container.parse("hello:0.0.1");
    private final ConsoleCodec codec = new ConsoleCodec();

    private static LogLine line(String text) {
        return new LogLine(Instant.parse("2026-01-31T12:00:00Z"), LogLine.Stream.STDOUT, text);
    }

    /** Takes lines while {@code room} lasts, recording what it took. */
    private final class Recording implements LogFollow.Sink {
        final List<Message> taken = new ArrayList<>();
        int room;

        Recording(int room) {
            this.room = room;
        }

        @Override
        public boolean line(byte[] line) {
            if (room == 0) {
                return false;
            }
            room--;
            taken.add(codec.decode(line));
            return true;
        }

        @Override
        public void end(byte[] line) {
            taken.add(codec.decode(line));
        }
    }

    @Test
    void linesWaitForTheResponseThenFlowAndEndOnce() {
        Recording sink = new Recording(100);
        LogFollow follow = new LogFollow(HELLO, codec, sink, 2, 1 << 20);
        follow.line(line("a"));
        follow.line(line("b"));
        follow.line(line("c")); // over the pending limit: skipped
        assertTrue(sink.taken.isEmpty(), "nothing before the response");
        AtomicInteger unfollowed = new AtomicInteger();
        follow.registered(unfollowed::incrementAndGet);
        follow.start();
        follow.line(line("d"));
        follow.end();
        follow.end();
        follow.line(line("e"));
        follow.stop();
        assertEquals(List.of(new Notification.Log(HELLO, line("a"), 0), new Notification.Log(HELLO, line("b"), 0),
                new Notification.Log(HELLO, line("d"), 1), new Notification.LogEnd(HELLO, 0)), sink.taken);
        assertEquals(1, unfollowed.get());
    }

    @Test
    void aLaggingClientSkipsLinesAndLearnsHowMany() {
        Recording sink = new Recording(1);
        LogFollow follow = new LogFollow(HELLO, codec, sink, 10, 1 << 20);
        follow.start();
        follow.line(line("1"));
        follow.line(line("2"));
        follow.line(line("3"));
        sink.room = 1;
        follow.line(line("4"));
        follow.line(line("5"));
        follow.end();
        assertEquals(List.of(new Notification.Log(HELLO, line("1"), 0), new Notification.Log(HELLO, line("4"), 2),
                new Notification.LogEnd(HELLO, 1)), sink.taken);
    }

    @Test
    void anEndBeforeTheResponseIsSentAfterIt() {
        Recording sink = new Recording(100);
        LogFollow follow = new LogFollow(HELLO, codec, sink, 10, 1 << 20);
        follow.line(line("last"));
        follow.end();
        assertTrue(sink.taken.isEmpty());
        follow.start();
        assertEquals(List.of(new Notification.Log(HELLO, line("last"), 0), new Notification.LogEnd(HELLO, 0)),
                sink.taken);
    }

    @Test
    void waitingLinesAreBoundedInCharactersAndAnUnstartedFollowStillUnregisters() {
        Recording sink = new Recording(100);
        LogFollow follow = new LogFollow(HELLO, codec, sink, 100, 10);
        AtomicInteger unfollowed = new AtomicInteger();
        follow.registered(unfollowed::incrementAndGet);
        follow.line(line("12345"));
        follow.line(line("123456")); // 11 characters would wait: skipped
        follow.line(line("12345"));
        follow.line(line("1"));
        // The connection ends before its response went out.
        follow.stop();
        assertEquals(1, unfollowed.get());
        assertTrue(sink.taken.isEmpty());
        follow.line(line("late"));
        assertTrue(follow.ended());
    }

    @Test
    void waitingLinesSkippedForSizeAreCountedAtTheStart() {
        Recording sink = new Recording(100);
        LogFollow follow = new LogFollow(HELLO, codec, sink, 100, 10);
        follow.line(line("12345"));
        follow.line(line("1234567890"));
        follow.line(line("1234")); // would fit, but comes after a skipped one: skipped too
        follow.start();
        follow.line(line("next"));
        assertEquals(List.of(new Notification.Log(HELLO, line("12345"), 0), new Notification.Log(HELLO, line("next"), 2)),
                sink.taken);
    }

    @Test
    void logLinesTakeAtMostHalfTheOutboxAndNeverCloseTheConnection() throws Exception {
        OutboxTest.StuckClient client = new OutboxTest.StuckClient();
        CountDownLatch failed = new CountDownLatch(1);
        Outbox outbox = new Outbox(client, 1000, 1000, "test", failed::countDown);
        assertEquals(Outbox.Refusal.NONE, outbox.log(new byte[400]));
        assertEquals(Outbox.Refusal.NONE, outbox.log(new byte[100]));
        assertEquals(Outbox.Refusal.BYTES, outbox.log(new byte[1]), "half of 1000 is taken");
        // The other half is the connection's: its answers and notifications still fit.
        assertEquals(Outbox.Refusal.NONE, outbox.response(new byte[300]));
        assertEquals(Outbox.Refusal.NONE, outbox.notification(new byte[200]));
        client.releaseAndDrain(outbox);
        assertEquals(false, failed.await(0, TimeUnit.MILLISECONDS));
    }

    @Test
    void logLinesAreBoundedInNumber() throws Exception {
        OutboxTest.StuckClient client = new OutboxTest.StuckClient();
        Outbox outbox = new Outbox(client, 3, 1 << 20, "test", () -> { });
        OutboxTest.assertBoundedInNumber(3, outbox::log);
        assertEquals(Outbox.Refusal.NONE, outbox.notification(new byte[10]), "notifications have their own count");
        client.releaseAndDrain(outbox);
    }
}
