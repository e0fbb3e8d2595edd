package io.northstar.runtime.systemd;

import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.SyscallException;
import io.northstar.runtime.sys.UnixDatagrams;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the service manager how the runtime is doing: the sd_notify(3) protocol, one datagram of
 * newline-separated {@code KEY=value} lines to the AF_UNIX socket named by {@code $NOTIFY_SOCKET}
 * (a path, or {@code @name} in the abstract namespace). Without the variable every call does
 * nothing, so the runtime behaves the same under any supervisor. A failed send is logged and
 * otherwise ignored: the service manager's troubles must not stop the runtime.
 */
public final class ServiceNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceNotifier.class);
    static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";

    /** Where notifications go, and the socket they are sent from. */
    private record Target(String address, NativeFd socket) {
    }

    /** Empty when notifications are not wanted or cannot be sent. */
    private final Optional<Target> target;
    private boolean warned;

    private ServiceNotifier(Optional<Target> target) {
        this.target = target;
    }

    /** A notifier for {@code $NOTIFY_SOCKET}, or one that does nothing when it is unset. */
    public static ServiceNotifier fromEnvironment(Map<String, String> environment) {
        String address = environment.get(NOTIFY_SOCKET);
        if (address == null || address.isEmpty()) {
            return new ServiceNotifier(Optional.empty());
        }
        if (!address.startsWith("/") && !address.startsWith("@")) {
            LOG.warn("{}={} is not a Unix socket path or abstract name; no notifications are sent", NOTIFY_SOCKET, address);
            return new ServiceNotifier(Optional.empty());
        }
        try {
            return new ServiceNotifier(Optional.of(new Target(address, UnixDatagrams.open("notification socket"))));
        } catch (SyscallException e) {
            LOG.warn("No notifications to {}: {}", address, e.getMessage());
            return new ServiceNotifier(Optional.empty());
        }
    }

    public boolean active() {
        return target.isPresent();
    }

    /** Start-up and mount_on_start and autostart are done; the console serves. */
    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    /** The orderly shutdown has begun. */
    public void stopping(String status) {
        send("STOPPING=1\nSTATUS=" + oneLine(status));
    }

    /** The watchdog keep-alive; sent by the event loop itself. */
    public void watchdog() {
        send("WATCHDOG=1");
    }

    private static String oneLine(String status) {
        return status.replace('\n', ' ');
    }

    /** Thread-safe: a datagram send is atomic, and the socket is only closed at the end. */
    synchronized void send(String message) {
        if (target.isEmpty()) {
            return;
        }
        Target to = target.get();
        try {
            UnixDatagrams.sendTo(to.socket(), message.getBytes(StandardCharsets.UTF_8), to.address());
        } catch (SyscallException | IllegalArgumentException e) {
            // Once: a watchdog ping every few seconds must not flood the log.
            if (!warned) {
                LOG.warn("Notifying the service manager at {} failed: {}", to.address(), e.getMessage());
                warned = true;
            }
        }
    }

    @Override
    public synchronized void close() {
        target.ifPresent(to -> to.socket().closeQuietly());
    }

    /** For log lines: where notifications go. */
    public Optional<String> address() {
        return target.map(Target::address);
    }
}
