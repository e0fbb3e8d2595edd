package io.northstar.runtime.state;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns all container state. Everybody else (console connections, signal
 * handlers, timers) only {@link #post posts} events; an event carries the future its poster waits
 * on. Because only this thread touches {@link ContainerStateMachine}, the state needs no locks.
 */
public final class EventLoop {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    private final BlockingQueue<Event> queue;
    /** Events the loop posts to itself: never waits for space, so the loop cannot block on its own queue. */
    private final java.util.ArrayDeque<Event> own = new java.util.ArrayDeque<>();
    private final ContainerStateMachine machine;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean stopped;

    public EventLoop(ContainerStateMachine machine, int capacity) {
        this.machine = machine;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "northstar-event-loop");
    }

    public void start() {
        thread.start();
    }

    /**
     * Queues an event; blocks while the queue is full (back-pressure onto the posting connection,
     * as the bounded channel of the Rust runtime does).
     */
    public void post(Event event) {
        if (stopped) {
            event.abandon();
            return;
        }
        if (isLoopThread()) {
            own.add(event);
            return;
        }
        try {
            queue.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            event.abandon();
            return;
        }
        if (stopped) {
            // The loop ended while this was queued: nobody else will answer it.
            abandonQueued();
        }
    }

    private void abandonQueued() {
        if (isLoopThread()) {
            own.forEach(Event::abandon);
            own.clear();
        }
        Event left;
        while ((left = queue.poll()) != null) {
            left.abandon();
        }
    }

    /** Completes when the loop has finished the orderly shutdown. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    public boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        try {
            while (!machine.isShutDown()) {
                Event event = own.isEmpty() ? queue.poll(1, TimeUnit.SECONDS) : own.poll();
                if (event == null) {
                    continue;
                }
                try {
                    event.dispatch(machine);
                } catch (RuntimeException e) {
                    // A bug in one request must not take the runtime down; the poster gets the failure.
                    LOG.error("Event {} failed", event, e);
                    event.fail(e);
                }
            }
            stopped = true;
            abandonQueued();
            terminated.complete(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminated.completeExceptionally(e);
        } catch (Throwable t) {
            LOG.error("Event loop died", t);
            terminated.completeExceptionally(t);
        } finally {
            stopped = true;
            abandonQueued();
        }
    }
}
