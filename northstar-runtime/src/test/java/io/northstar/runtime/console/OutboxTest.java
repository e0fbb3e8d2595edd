package io.northstar.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class OutboxTest {

    /** A client that never reads: every write blocks until the test ends it. */
    static final class StuckClient implements Outbox.LineWriter {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch writing = new CountDownLatch(1);

        @Override
        public void write(ByteBuffer line) throws java.io.IOException {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public void close() {
        }

        /** Lets the client read again and waits until the outbox has written everything it holds. */
        void releaseAndDrain(Outbox outbox) throws InterruptedException {
            release.countDown();
            outbox.finish();
            outbox.awaitFinished(10_000);
        }
    }

    /** {@code limit} lines of one kind are queued for a stuck client; one more is refused as lagging. */
    static void assertBoundedInNumber(int limit, Function<byte[], Outbox.Refusal> send) {
        for (int i = 0; i < limit; i++) {
            assertEquals(Outbox.Refusal.NONE, send.apply(new byte[10]));
        }
        assertEquals(Outbox.Refusal.NOTIFICATIONS_LAG, send.apply(new byte[10]));
    }

    @Test
    void responsesForAClientThatDoesNotReadAreBoundedInBytes() throws Exception {
        StuckClient client = new StuckClient();
        Outbox outbox = new Outbox(client, 128, 1000, "test", () -> { });
        assertEquals(Outbox.Refusal.NONE, outbox.response(new byte[400]));
        client.writing.await();
        assertEquals(Outbox.Refusal.NONE, outbox.response(new byte[400]));
        assertEquals(Outbox.Refusal.NONE, outbox.response(new byte[200]));
        assertEquals(Outbox.Refusal.BYTES, outbox.response(new byte[1]));
        assertEquals(Outbox.Refusal.BYTES, outbox.notification(new byte[1]));
        assertEquals(1000, outbox.pendingBytes());
        client.releaseAndDrain(outbox);
        assertEquals(0, outbox.pendingBytes());
    }

    @Test
    void oneLineLargerThanTheLimitStillGoesOutWhenNothingIsPending() throws Exception {
        StuckClient client = new StuckClient();
        client.release.countDown();
        Outbox outbox = new Outbox(client, 128, 100, "test", () -> { });
        assertEquals(Outbox.Refusal.NONE, outbox.response(new byte[5000]));
        outbox.finish();
        outbox.awaitFinished(10_000);
    }

    @Test
    void notificationsAreBoundedInNumberToo() throws Exception {
        StuckClient client = new StuckClient();
        AtomicBoolean failed = new AtomicBoolean();
        Outbox outbox = new Outbox(client, 3, 1 << 20, "test", () -> failed.set(true));
        assertBoundedInNumber(3, outbox::notification);
        assertEquals(Outbox.Refusal.NONE, outbox.response(new byte[10]), "responses count bytes only");
        client.releaseAndDrain(outbox);
        assertEquals(false, failed.get());
    }
}
