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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final ForkerListener listener;
    private final Thread reader;
    private final Thread output;
    private final Object sendLock = new Object();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private volatile String goneReason;

    private record Pending(Container container, CompletableFuture<Pid> start, CompletableFuture<Void> kill, int pid) {
    }

    private Forker(Process process, NativeFd control, ForkerListener listener, Thread output) {
        this.process = process;
        this.control = control;
        this.listener = listener;
        this.output = output;
        this.reader = new Thread(this::readLoop, "northstar-forker-reader");
        this.reader.setDaemon(true);
    }

    /** Starts the forker found by {@link ForkerBinary#locate()}. */
    public static Forker start(ForkerListener listener) throws ForkerException {
        return start(ForkerBinary.locate(), listener);
    }

    public static Forker start(Path binary, ForkerListener listener) throws ForkerException {
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
            Forker forker = new Forker(process, control, listener, output);
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
        UnixSockets.Received received = UnixSockets.receive(control, ForkerProtocol.MAX_FRAME);
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
     * Starts a container. {@code fds} are the descriptors of
     * {@code plan.fds()}, in that order; the kernel duplicates them when the
     * plan is sent, so the caller may close its copies as soon as this
     * returns. Completes with init's host pid once the application has been
     * exec'd, or with a {@link StartFailedException} naming the failed step.
     */
    public CompletableFuture<Pid> start(LaunchPlan plan, List<NativeFd> fds) {
        CompletableFuture<Pid> future = new CompletableFuture<>();
        if (fds.size() != plan.fds().size()) {
            future.completeExceptionally(new IllegalArgumentException("plan of " + plan.container() + " names "
                    + plan.fds().size() + " fds, " + fds.size() + " given"));
            return future;
        }
        int id = nextId();
        byte[] frame;
        try {
            frame = ForkerProtocol.start(id, plan);
        } catch (IllegalArgumentException e) {
            future.completeExceptionally(e);
            return future;
        }
        pending.put(id, new Pending(plan.container(), future, null, 0));
        send(id, frame, fds);
        return future;
    }

    /**
     * Sends {@code signal} to the process group of the container whose init
     * is {@code pid}. Fails with ESRCH when the forker has no such container
     * (it never signals a pid it has already reaped).
     */
    public CompletableFuture<Void> kill(Pid pid, int signal) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        int id = nextId();
        pending.put(id, new Pending(null, null, future, pid.value()));
        send(id, ForkerProtocol.kill(id, pid.value(), signal), List.of());
        return future;
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

    private void fail(int id, Throwable error) {
        Pending p = pending.remove(id);
        if (p != null) {
            (p.start != null ? p.start : p.kill).completeExceptionally(error);
        }
    }

    private void readLoop() {
        String reason = "control connection closed";
        try {
            for (;;) {
                UnixSockets.Received received = UnixSockets.receive(control, ForkerProtocol.MAX_FRAME);
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
        listener.forkerGone(reason);
    }

    private void dispatch(Reply reply) {
        switch (reply.kind()) {
            case STARTED -> {
                Pending p = pending.remove(reply.id());
                if (p != null && p.start != null) {
                    p.start.complete(new Pid(((Reply.Started) reply).pid()));
                }
            }
            case START_FAILED -> {
                Reply.StartFailed f = (Reply.StartFailed) reply;
                Pending p = pending.remove(f.id());
                if (p != null && p.start != null) {
                    p.start.completeExceptionally(new StartFailedException(p.container, f.step(), f.errno(),
                            f.detail()));
                }
            }
            case KILL_RESULT -> {
                Reply.KillResult k = (Reply.KillResult) reply;
                Pending p = pending.remove(k.id());
                if (p != null && p.kill != null) {
                    if (k.errno() == 0) {
                        p.kill.complete(null);
                    } else {
                        p.kill.completeExceptionally(new SyscallException("kill process group of " + p.pid, k.errno()));
                    }
                }
            }
            case EXIT -> {
                Reply.Exited x = (Reply.Exited) reply;
                listener.exited(new Pid(x.pid()), x.status());
            }
            case ERROR -> {
                Reply.Error e = (Reply.Error) reply;
                if (e.id() != 0 && pending.containsKey(e.id())) {
                    fail(e.id(), new ForkerException("forker rejected request: " + e.message()));
                } else {
                    LOG.warn("Forker rejected a frame: {}", e.message());
                    listener.rejected(e.message());
                }
            }
            case HELLO -> LOG.warn("Unexpected second hello from the forker");
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
