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
    private ContainerStateMachine machine;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile java.util.function.Consumer<Throwable> onDeath = t -> { };
    /** Runs on the loop thread at least every {@code beatNanos} while the loop turns: a stuck loop stops it. */
    private Runnable heartbeat = () -> { };
    private long beatNanos = TimeUnit.SECONDS.toNanos(1);

    /** A loop that queues events from now on and handles them once {@link #start started}. */
    public EventLoop(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "northstar-event-loop");
    }

    /** Starts handling events with {@code machine}; what was posted before waits in the queue. */
    public void start(ContainerStateMachine machine) {
        if (this.machine != null) {
            throw new IllegalStateException("the loop runs already");
        }
        this.machine = machine;
        thread.start();
    }

    /**
     * Called (on the loop thread) when the loop ends by an exception or {@link Error} instead of
     * the orderly shutdown: nobody will answer events any more, so the runtime must end.
     */
    public void onDeath(java.util.function.Consumer<Throwable> handler) {
        this.onDeath = handler;
    }

    /**
     * Runs {@code beat} on the loop thread about every {@code every} (systemd's watchdog: the
     * pings come from the loop itself, so a loop that hangs in an event is noticed). Before {@link #start()}.
     */
    public void heartbeat(java.time.Duration every, Runnable beat) {
        this.beatNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), every.toNanos());
        this.heartbeat = beat;
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
        long nextBeat = System.nanoTime();
        try {
            while (!machine.isShutDown()) {
                long now = System.nanoTime();
                if (now - nextBeat >= 0) {
                    heartbeat.run();
                    nextBeat = now + beatNanos;
                }
                Event event = own.isEmpty() ? queue.poll(Math.max(1, nextBeat - now), TimeUnit.NANOSECONDS) : own.poll();
                if (event == null) {
                    continue;
                }
                try {
                    machine.handle(event);
                } catch (RuntimeException e) {
                    // A bug in one request must not take the runtime down; the poster gets the failure.
                    LOG.error("Event {} failed", event, e);
                    event.fail(e);
                } catch (Error e) {
                    // The JVM's state is in doubt: the poster is answered, the loop ends (below).
                    event.fail(e);
                    throw e;
                }
            }
            stopped = true;
            abandonQueued();
            terminated.complete(null);
        } catch (Throwable t) {
            // An Error (or an interrupt nobody asked for) ends the loop: the runtime cannot serve on.
            LOG.error("Event loop died", t);
            stopped = true;
            abandonQueued();
            terminated.completeExceptionally(t);
            onDeath.accept(t);
        } finally {
            stopped = true;
            abandonQueued();
        }
    }
}
