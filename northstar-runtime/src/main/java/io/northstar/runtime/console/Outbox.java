package io.northstar.runtime.console;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The single writer of one connection: responses from the connection thread and notifications
 * from the event loop are queued here and written in order by a small thread, so the event loop
 * never waits for a slow client. A subscriber that lets more than {@code notificationLimit}
 * notifications pile up is cut off (Northstar: "Client connection lagged notifications").
 */
final class Outbox {

    private static final byte[] END = new byte[0];

    private record Item(byte[] line, boolean notification) {
    }

    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger pendingNotifications = new AtomicInteger();
    private final int notificationLimit;
    private final ChannelOutput output;
    private final Runnable onFailure;
    private final Thread writer;

    Outbox(ChannelOutput output, int notificationLimit, String name, Runnable onFailure) {
        this.output = output;
        this.notificationLimit = notificationLimit;
        this.onFailure = onFailure;
        this.writer = new Thread(this::run, name + "-writer");
        writer.setDaemon(true);
        writer.start();
    }

    void response(byte[] line) {
        queue.add(new Item(line, false));
    }

    /** False if the subscriber lags and must be dropped. */
    boolean notification(byte[] line) {
        if (pendingNotifications.incrementAndGet() > notificationLimit) {
            pendingNotifications.decrementAndGet();
            return false;
        }
        queue.add(new Item(line, true));
        return true;
    }

    /** Writes what is queued, then stops the writer. */
    void finish() {
        queue.add(new Item(END, false));
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
                if (item.notification()) {
                    pendingNotifications.decrementAndGet();
                }
                output.write(ByteBuffer.wrap(item.line()));
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
