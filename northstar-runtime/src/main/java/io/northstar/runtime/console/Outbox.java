package io.northstar.runtime.console;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single writer of one connection: responses from the connection thread and notifications
 * from the event loop are queued here and written in order by a small thread, so the event loop
 * never waits for a slow client. What a client that does not read can make the runtime hold is
 * bounded twice: more than {@code notificationLimit} pending notifications (Northstar: "Client
 * connection lagged notifications"), or more than {@code byteLimit} queued bytes of any kind, and
 * the message is refused; the caller then closes the connection. Lines of a followed container log
 * (docs/protocol.md, "Container logs") have their own, softer bounds: see {@link #log}.
 */
final class Outbox {

    private static final byte[] END = new byte[0];

    private enum Kind {
        RESPONSE, NOTIFICATION, LOG
    }

    private record Item(byte[] line, Kind kind) {
    }

    /** Why a line was not queued. */
    enum Refusal {
        NONE, NOTIFICATIONS_LAG, BYTES
    }

    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger pendingNotifications = new AtomicInteger();
    private final AtomicInteger pendingLogs = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final int notificationLimit;
    private final long byteLimit;
    private final LineWriter output;
    private final Runnable onFailure;
    private final Thread writer;

    /** Where the lines go; a channel in the runtime. */
    interface LineWriter extends AutoCloseable {
        void write(ByteBuffer line) throws IOException;

        @Override
        void close() throws IOException;
    }

    Outbox(LineWriter output, int notificationLimit, long byteLimit, String name, Runnable onFailure) {
        this.output = output;
        this.notificationLimit = notificationLimit;
        this.byteLimit = byteLimit;
        this.onFailure = onFailure;
        this.writer = new Thread(this::run, name + "-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues a response; {@link Refusal#BYTES} if the client has not read enough of what came before. */
    Refusal response(byte[] line) {
        if (!reserve(line.length)) {
            return Refusal.BYTES;
        }
        queue.add(new Item(line, Kind.RESPONSE));
        return Refusal.NONE;
    }

    /**
     * Queues a line of a followed log unless {@code notificationLimit} of them wait already or it would
     * take the queued bytes past half of the byte limit (one line is always taken when nothing waits).
     * A refused log line is the follower's to count as skipped: unlike a refused notification it does
     * not close the connection, and the half left keeps room for the connection's answers.
     */
    Refusal log(byte[] line) {
        return queueCounted(line, Kind.LOG, pendingLogs, byteLimit / 2);
    }

    /** Queues a notification unless the subscriber lags (then it must be dropped). */
    Refusal notification(byte[] line) {
        return queueCounted(line, Kind.NOTIFICATION, pendingNotifications, byteLimit);
    }

    /**
     * Queues a line of a kind of which at most {@code notificationLimit} may wait ({@code pending} counts
     * them) and which may take the queued bytes up to {@code limit}.
     */
    private Refusal queueCounted(byte[] line, Kind kind, AtomicInteger pending, long limit) {
        if (pending.incrementAndGet() > notificationLimit) {
            pending.decrementAndGet();
            return Refusal.NOTIFICATIONS_LAG;
        }
        if (!reserve(line.length, limit)) {
            pending.decrementAndGet();
            return Refusal.BYTES;
        }
        queue.add(new Item(line, kind));
        return Refusal.NONE;
    }

    /** Bytes queued and not yet written. */
    long pendingBytes() {
        return pendingBytes.get();
    }

    long byteLimit() {
        return byteLimit;
    }

    /** One line is always taken when nothing is pending, so a large answer still gets out. */
    private boolean reserve(int length) {
        return reserve(length, byteLimit);
    }

    private boolean reserve(int length, long limit) {
        while (true) {
            long pending = pendingBytes.get();
            if (pending > 0 && pending + length > limit) {
                return false;
            }
            if (pendingBytes.compareAndSet(pending, pending + length)) {
                return true;
            }
        }
    }

    /** Writes what is queued, then stops the writer. */
    void finish() {
        queue.add(new Item(END, Kind.RESPONSE));
    }

    /** Waits until everything queued before {@link #finish()} is written (or writing failed). */
    void awaitFinished(long millis) throws InterruptedException {
        writer.join(millis);
    }

    private void run() {
        try {
            while (true) {
                Item item = queue.take();
                if (item.line() == END) {
                    return;
                }
                output.write(ByteBuffer.wrap(item.line()));
                switch (item.kind()) {
                    case NOTIFICATION -> pendingNotifications.decrementAndGet();
                    case LOG -> pendingLogs.decrementAndGet();
                    case RESPONSE -> {
                    }
                }
                pendingBytes.addAndGet(-item.line().length);
            }
        } catch (IOException e) {
            onFailure.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // The writer's selector keeps the channel's descriptor registered (and open) until it
            // is closed itself: without this every connection leaked a socket and an epoll fd.
            try {
                output.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }
}
