package io.northstar.runtime.fork;

import io.northstar.common.Container;
import io.northstar.runtime.fork.ForkerProtocol.Reply;
import io.northstar.runtime.sandbox.LaunchPlan;
import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.SyscallException;
import io.northstar.runtime.sys.UnixSockets;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's handle on northstar-forker, the native helper that creates
 * every container process (the JVM itself never forks).
 *
 * <p>Getting the control socket into the child: a ProcessBuilder child
 * inherits only stdin/stdout/stderr (the JDK closes every other descriptor
 * before exec), so instead of passing a socketpair end the runtime listens on
 * a fresh abstract-namespace SOCK_SEQPACKET address with a random 128-bit
 * name, starts the forker with {@code --connect <name>}, accepts exactly one
 * connection and verifies with SO_PEERCRED that it comes from the process it
 * started (pid and uid); anything else is refused. The listener is closed
 * right after, so the address exists only for the start-up handshake and
 * never appears in the file system. The forker's stdout and stderr are a pipe
 * whose lines go to this class's logger.
 *
 * <p>Lifetime: when the control connection closes (close() or the JVM dies)
 * the forker SIGKILLs every container and exits.
 */
public final class Forker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Forker.class);
    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;

    private final Process process;
    private final NativeFd control;
    /** The control socket's receiving side: the handshake, then the reader thread (its buffers allocated once). */
    private final UnixSockets.Receiver receiver;
    /** Receives every report of the forker, in order, on the reader thread. */
    private final Consumer<ForkerEvent> events;
    private final Thread reader;
    private final Thread output;
    private final Object sendLock = new Object();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private volatile String goneReason;

    /** A request the forker has not answered yet: what its event names. */
    private sealed interface Pending {
        record Start(Container container) implements Pending {
        }

        record Kill(Pid pid, int signal) implements Pending {
        }
    }

    private Forker(Process process, NativeFd control, Consumer<ForkerEvent> events, Thread output) {
        this.process = process;
        this.control = control;
        this.receiver = new UnixSockets.Receiver(control, ForkerProtocol.MAX_FRAME);
        this.events = events;
        this.output = output;
        this.reader = new Thread(this::readLoop, "northstar-forker-reader");
        this.reader.setDaemon(true);
    }

    /** Starts the forker found by {@link ForkerBinary#locate()}. */
    public static Forker start(Consumer<ForkerEvent> events) throws ForkerException {
        return start(ForkerBinary.locate(), events);
    }

    /** {@code events} gets every report (started, failed, exited, kill results, gone) on the reader thread. */
    public static Forker start(Path binary, Consumer<ForkerEvent> events) throws ForkerException {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String name = "northstar-forker-" + HexFormat.of().formatHex(random);
        NativeFd listening = null;
        NativeFd control = null;
        Process process = null;
        try {
            listening = UnixSockets.listenAbstract(UnixSockets.SOCK_SEQPACKET, name, 1);
            process = new ProcessBuilder(binary.toString(), "--connect", name)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .start();
            Thread output = outputLogger(process);
            control = acceptForker(listening, process);
            UnixSockets.setBufferSizes(control, 2 * ForkerProtocol.MAX_FRAME);
            Forker forker = new Forker(process, control, events, output);
            forker.handshake();
            forker.reader.start();
            LOG.debug("Forker {} started ({})", process.pid(), binary);
            return forker;
        } catch (IOException e) {
            if (control != null) {
                control.closeQuietly();
            }
            if (process != null) {
                process.destroyForcibly();
            }
            throw e instanceof ForkerException fe ? fe : new ForkerException("starting forker " + binary + ": "
                    + e.getMessage(), e);
        } finally {
            if (listening != null) {
                listening.closeQuietly();
            }
        }
    }

    private static NativeFd acceptForker(NativeFd listening, Process process) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new ForkerException("forker exited with " + process.exitValue() + " before connecting");
            }
            if (!UnixSockets.awaitReadable(listening, 100)) {
                continue;
            }
            NativeFd connection = UnixSockets.accept(listening);
            UnixSockets.PeerCredentials peer = UnixSockets.peerCredentials(connection);
            if (peer.pid() == process.pid() && peer.uid() == currentUid()) {
                return connection;
            }
            LOG.warn("Refusing connection to the forker address from pid {} uid {}", peer.pid(), peer.uid());
            connection.closeQuietly();
        }
        throw new ForkerException("forker did not connect within " + CONNECT_TIMEOUT_MILLIS + " ms");
    }

    private static int currentUid() {
        return io.northstar.runtime.sys.ProcessIds.uid();
    }

    private static Thread outputLogger(Process process) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    LOG.info("{}", line);
                }
            } catch (IOException e) {
                LOG.debug("Forker output closed: {}", e.getMessage());
            }
        }, "northstar-forker-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void handshake() throws IOException {
        if (!UnixSockets.awaitReadable(control, (int) CONNECT_TIMEOUT_MILLIS)) {
            throw new ForkerException("forker sent no hello");
        }
        UnixSockets.Received received = receiver.receive();
        received.fds().forEach(NativeFd::closeQuietly);
        try {
            Reply reply = ForkerProtocol.decode(received.data());
            if (!(reply instanceof Reply.Hello hello) || hello.version() != ForkerProtocol.VERSION) {
                throw new ForkerException("forker speaks " + reply + ", expected protocol version "
                        + ForkerProtocol.VERSION);
            }
        } catch (ForkerProtocol.MalformedFrameException e) {
            throw new ForkerException("forker hello: " + e.getMessage(), e);
        }
    }

    /** The forker's pid. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive() && goneReason == null;
    }

    /**
     * Asks for a container start and returns the request's id. {@code fds} are the descriptors of
     * {@code plan.fds()}, in that order; the kernel duplicates them when the plan is sent, so the caller may
     * close its copies as soon as this returns. The answer is a {@link ForkerEvent.Started} once the
     * application has been exec'd, or a {@link ForkerEvent.Failed} naming the failed step; a request that cannot
     * be sent is answered the same way, from this thread.
     */
    public int start(LaunchPlan plan, List<NativeFd> fds) {
        int id = nextId();
        if (fds.size() != plan.fds().size()) {
            events.accept(new ForkerEvent.Failed(id, plan.container(), new IllegalArgumentException("plan of "
                    + plan.container() + " names " + plan.fds().size() + " fds, " + fds.size() + " given")));
            return id;
        }
        byte[] frame;
        try {
            frame = ForkerProtocol.start(id, plan);
        } catch (IllegalArgumentException e) {
            events.accept(new ForkerEvent.Failed(id, plan.container(), e));
            return id;
        }
        pending.put(id, new Pending.Start(plan.container()));
        send(id, frame, fds);
        return id;
    }

    /**
     * Sends {@code signal} to the process group of the container whose init is {@code pid}; answered by a
     * {@link ForkerEvent.KillResult}, with ESRCH when the forker has no such container (it never signals a pid
     * it has already reaped).
     */
    public int kill(Pid pid, int signal) {
        int id = nextId();
        pending.put(id, new Pending.Kill(pid, signal));
        send(id, ForkerProtocol.kill(id, pid.value(), signal), List.of());
        return id;
    }

    /** Sends a raw frame; only for tests of the forker's robustness. */
    void sendRaw(byte[] frame, List<NativeFd> fds) throws SyscallException {
        synchronized (sendLock) {
            UnixSockets.send(control, frame, fds);
        }
    }

    private int nextId() {
        int id;
        do {
            id = ids.incrementAndGet();
        } while (id == 0);
        return id;
    }

    private void send(int id, byte[] frame, List<NativeFd> fds) {
        String gone = goneReason;
        if (gone != null) {
            fail(id, new ForkerException("forker is gone: " + gone));
            return;
        }
        try {
            synchronized (sendLock) {
                UnixSockets.send(control, frame, fds);
            }
        } catch (SyscallException e) {
            fail(id, new ForkerException("sending to the forker: " + e.getMessage(), e));
        }
    }

    private void fail(int id, ForkerException error) {
        switch (pending.remove(id)) {
            case null -> { }
            case Pending.Start start -> events.accept(new ForkerEvent.Failed(id, start.container(), error));
            // The forker cannot have signalled anything: reported as ESRCH, the container is gone with it.
            case Pending.Kill kill -> events.accept(new ForkerEvent.KillResult(id, kill.pid(), kill.signal(), ESRCH));
        }
    }

    private static final int ESRCH = jnr.constants.platform.Errno.ESRCH.intValue();

    private void readLoop() {
        String reason = "control connection closed";
        try {
            for (;;) {
                UnixSockets.Received received = receiver.receive();
                received.fds().forEach(NativeFd::closeQuietly);
                if (received.endOfStream()) {
                    break;
                }
                if (received.truncated()) {
                    LOG.error("Forker sent an oversized frame; ignored");
                    continue;
                }
                try {
                    dispatch(ForkerProtocol.decode(received.data()));
                } catch (ForkerProtocol.MalformedFrameException e) {
                    LOG.error("Forker sent a malformed frame: {}", e.getMessage());
                }
            }
        } catch (SyscallException e) {
            reason = e.getMessage();
        }
        if (!closing) {
            try {
                reason += ", forker exit status " + (process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : "?");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.error("Forker exited: {}", reason);
        }
        goneReason = reason;
        ForkerException gone = new ForkerException("forker is gone: " + reason);
        pending.keySet().forEach(id -> fail(id, gone));
        events.accept(new ForkerEvent.Gone(reason));
    }

    private void dispatch(Reply reply) {
        switch (reply) {
            case Reply.Started started -> {
                if (pending.remove(started.id()) instanceof Pending.Start start) {
                    events.accept(new ForkerEvent.Started(started.id(), start.container(), new Pid(started.pid())));
                }
            }
            case Reply.StartFailed failed -> {
                if (pending.remove(failed.id()) instanceof Pending.Start start) {
                    events.accept(new ForkerEvent.Failed(failed.id(), start.container(), new StartFailedException(
                            start.container(), failed.step(), failed.errno(), failed.detail())));
                }
            }
            case Reply.KillResult result -> {
                if (pending.remove(result.id()) instanceof Pending.Kill kill) {
                    events.accept(new ForkerEvent.KillResult(result.id(), kill.pid(), kill.signal(), result.errno()));
                }
            }
            case Reply.Exited exited -> events.accept(new ForkerEvent.Exited(new Pid(exited.pid()), exited.status()));
            case Reply.Error error -> {
                if (error.id() != 0 && pending.containsKey(error.id())) {
                    fail(error.id(), new ForkerException("forker rejected request: " + error.message()));
                } else {
                    LOG.warn("Forker rejected a frame: {}", error.message());
                    events.accept(new ForkerEvent.Rejected(error.message()));
                }
            }
            case Reply.Hello hello -> LOG.warn("Unexpected second hello from the forker");
        }
    }

    /**
     * Closes the control connection; the forker kills all containers and
     * exits. Waits for it.
     */
    @Override
    public void close() {
        closing = true;
        UnixSockets.shutdown(control);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                LOG.error("Forker {} did not exit; killing it", process.pid());
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(10_000);
            output.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        control.closeQuietly();
    }
}
