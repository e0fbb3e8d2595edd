package io.northstar.runtime.cgroups;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.northstar.runtime.sys.EventFd;
import io.northstar.runtime.sys.Inotify;
import io.northstar.runtime.sys.Poll;
import jnr.constants.platform.OpenFlags;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one container group for memory events on a thread of its own and hands each event
 * to a callback (the daemon core posts it to its event loop). Closing stops the thread; it must
 * be closed before the group is removed (on v1 the kernel signals the eventfd on removal).
 */
public final class MemoryMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryMonitor.class);
    private static final POSIX POSIX = POSIXFactory.getNativePOSIX();
    /** How long a v1 OOM notification waits for the kill it announces to be counted. */
    private static final long V1_KILL_GRACE_MILLIS = 200;

    private final String name;
    private final Source source;
    private final EventFd stop;
    private final Consumer<MemoryEvent> callback;
    private final Thread thread;

    /** What is watched: a v1 eventfd registered for OOM, or a v2 inotify watch on memory.events. */
    private sealed interface Source extends AutoCloseable {
        int fd();

        /** Consumes the readiness and returns the event to deliver, or null if nothing changed. */
        MemoryEvent next() throws IOException;

        @Override
        void close();
    }

    private MemoryMonitor(String name, Source source, EventFd stop, Consumer<MemoryEvent> callback) {
        this.name = name;
        this.source = source;
        this.stop = stop;
        this.callback = callback;
        this.thread = new Thread(this::run, "memory-monitor-" + name);
        this.thread.setDaemon(true);
    }

    /** Starts watching the memory group {@code directory} of {@code version}. */
    static MemoryMonitor start(String name, CgroupVersion version, Path directory, Consumer<MemoryEvent> callback)
            throws CgroupException {
        Objects.requireNonNull(callback, "callback");
        EventFd stop = null;
        Source source = null;
        try {
            stop = EventFd.create();
            source = switch (version) {
                case V1 -> V1Oom.register(directory);
                case V2 -> V2Events.watch(directory);
            };
            MemoryMonitor m = new MemoryMonitor(name, source, stop, callback);
            m.thread.start();
            return m;
        } catch (IOException e) {
            if (source != null) {
                source.close();
            }
            if (stop != null) {
                stop.close();
            }
            throw new CgroupException("starting memory monitor of cgroup " + name + " at " + directory + ": " + e.getMessage(), e);
        }
    }

    private void run() {
        int[] fds = {stop.fd(), source.fd()};
        try {
            while (true) {
                short[] revents = Poll.poll(fds, (short) (Poll.POLLIN | Poll.POLLPRI), -1);
                if (revents[0] != 0) {
                    release();
                    return;
                }
                if ((revents[1] & (Poll.POLLERR | Poll.POLLHUP | Poll.POLLNVAL)) != 0 && (revents[1] & Poll.POLLIN) == 0) {
                    LOG.warn("Memory monitor of cgroup {} stopped: its fd reported an error", name);
                    return;
                }
                MemoryEvent event = source.next();
                if (event != null) {
                    LOG.warn("Memory event in cgroup {}: {}", name, event);
                    try {
                        callback.accept(event);
                    } catch (RuntimeException e) {
                        LOG.error("Memory event callback of cgroup {} failed", name, e);
                    }
                }
            }
        } catch (IOException e) {
            LOG.error("Memory monitor of cgroup {} failed", name, e);
        }
    }

    /** Stops the monitor thread and releases its fds; idempotent. */
    @Override
    public void close() {
        if (!thread.isAlive()) {
            release();
            return;
        }
        if (Thread.currentThread() == thread) {
            // closed from the callback: the thread sees the stop signal when the callback returns
            try {
                stop.signal(1);
            } catch (IOException e) {
                LOG.error("Stopping memory monitor of cgroup {}", name, e);
            }
            return;
        }
        try {
            stop.signal(1);
            thread.join(10_000);
        } catch (IOException e) {
            LOG.error("Stopping memory monitor of cgroup {}", name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.error("Memory monitor thread of cgroup {} did not stop; its fds stay open", name);
            return;
        }
        release();
    }

    private boolean released;

    /** Closes the fds once; fd numbers are reused by the kernel, so a second close could hit another file. */
    private synchronized void release() {
        if (!released) {
            released = true;
            source.close();
            stop.close();
        }
    }

    boolean isRunning() {
        return thread.isAlive();
    }

    /** v1: {@code cgroup.event_control} ← "<eventfd> <memory.oom_control fd>". */
    private static final class V1Oom implements Source {
        private final Path oomControl;
        private final EventFd eventFd;
        private final int oomControlFd;
        private long notifications;
        private long lastOomKill;

        private V1Oom(Path oomControl, EventFd eventFd, int oomControlFd, long lastOomKill) {
            this.oomControl = oomControl;
            this.eventFd = eventFd;
            this.oomControlFd = oomControlFd;
            this.lastOomKill = lastOomKill;
        }

        static V1Oom register(Path directory) throws IOException {
            Path oomControl = directory.resolve("memory.oom_control");
            EventFd efd = EventFd.create();
            int ocfd = POSIX.open(oomControl.toString(), OpenFlags.O_RDONLY.intValue() | OpenFlags.O_CLOEXEC.intValue(), 0);
            if (ocfd < 0) {
                efd.close();
                throw new IOException("opening " + oomControl + ": errno " + POSIX.errno());
            }
            try {
                ControlFiles.write(directory.resolve("cgroup.event_control"), efd.fd() + " " + ocfd);
            } catch (IOException e) {
                POSIX.close(ocfd);
                efd.close();
                throw new IOException("registering OOM eventfd in " + directory.resolve("cgroup.event_control") + ": "
                        + ControlFiles.reason(e), e);
            }
            return new V1Oom(oomControl, efd, ocfd, oomKill(oomControl));
        }

        private static long oomKill(Path oomControl) {
            Long v = FlatKeyed.parse(ControlFiles.readOrEmpty(oomControl)).get("oom_kill");
            return v == null ? 0 : v;
        }

        @Override
        public int fd() {
            return eventFd.fd();
        }

        @Override
        public MemoryEvent next() throws IOException {
            notifications += eventFd.read();
            // The notification is sent when the group hits OOM, before the OOM killer has picked
            // a victim; give the kill a moment to be counted so the event reports it.
            long deadline = System.nanoTime() + V1_KILL_GRACE_MILLIS * 1_000_000;
            long kills = oomKill(oomControl);
            while (kills == lastOomKill && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                kills = oomKill(oomControl);
            }
            lastOomKill = kills;
            return new MemoryEvent(null, null, null, notifications, kills);
        }

        @Override
        public void close() {
            eventFd.close();
            POSIX.close(oomControlFd);
        }
    }

    /** v2: inotify IN_MODIFY on {@code memory.events}; an event whenever a counter changes. */
    private static final class V2Events implements Source {
        private final Path events;
        private final Inotify inotify;
        private Map<String, Long> last;

        private V2Events(Path events, Inotify inotify, Map<String, Long> last) {
            this.events = events;
            this.inotify = inotify;
            this.last = last;
        }

        static V2Events watch(Path directory) throws IOException {
            Path events = directory.resolve("memory.events");
            Inotify inotify = Inotify.create();
            try {
                inotify.addWatch(events, Inotify.IN_MODIFY);
                // the baseline is read after the watch exists so that no change falls in between
                return new V2Events(events, inotify, FlatKeyed.parse(ControlFiles.read(events)));
            } catch (IOException e) {
                inotify.close();
                throw e;
            }
        }

        @Override
        public int fd() {
            return inotify.fd();
        }

        @Override
        public MemoryEvent next() throws IOException {
            inotify.drain();
            Map<String, Long> now = FlatKeyed.parse(ControlFiles.read(events));
            if (now.equals(last)) {
                return null;
            }
            last = now;
            return new MemoryEvent(now.get("low"), now.get("high"), now.get("max"), now.get("oom"), now.get("oom_kill"));
        }

        @Override
        public void close() {
            inotify.close();
        }
    }
}
