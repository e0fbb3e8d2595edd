package io.northstar.runtime.fork;

import io.northstar.runtime.sandbox.LaunchPlan;
import io.northstar.runtime.sandbox.MountCall;
import io.northstar.runtime.sandbox.MountSource;
import io.northstar.runtime.sandbox.NetworkPlan;
import io.northstar.runtime.sandbox.Rlimit;
import io.northstar.runtime.sandbox.Scheduling;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.northstar.console.ExitStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The wire format between the runtime and northstar-forker. The C twin is
 * src/main/c/forker_protocol.h, which documents every field; both change
 * together (bump {@link #VERSION}).
 *
 * <p>One SOCK_SEQPACKET packet = one frame: {@code u32 length} (bytes after
 * it), {@code u32 type}, {@code u32 id}, payload. Big-endian; {@code str} =
 * u32 length + UTF-8 bytes without NUL. Descriptors go as SCM_RIGHTS in the
 * same packet.
 */
public final class ForkerProtocol {
    public static final int VERSION = 3;
    public static final int MAX_FRAME = 1024 * 1024;
    public static final int MAX_FDS = 64;

    static final int HELLO = 1;
    static final int START = 2;
    static final int KILL = 3;
    static final int STARTED = 101;
    static final int START_FAILED = 102;
    static final int KILL_RESULT = 103;
    static final int EXIT = 104;
    static final int ERROR = 105;

    static final int NET_NEW = 0;
    static final int NET_HOST = 1;
    static final int NET_JOIN = 2;

    static final int SOURCE_NONE = 0;
    static final int SOURCE_NAME = 1;
    static final int SOURCE_HOST = 2;
    static final int SOURCE_BENEATH = 3;
    static final int SOURCE_CHAR_DEVICE = 4;

    static final int TARGET_EXISTING = 0;
    static final int TARGET_OPTIONAL = 1;
    static final int TARGET_CREATE = 2;

    static final int EXIT_CODE = 0;
    static final int EXIT_SIGNAL = 1;

    private ForkerProtocol() {
    }

    /** Messages from the forker. */
    public sealed interface Reply {
        /** The request id this answers; 0 for unsolicited messages. */
        int id();

        record Hello(int version, int pid) implements Reply {
            public int id() {
                return 0;
            }
        }

        record Started(int id, int pid) implements Reply {
        }

        record StartFailed(int id, String step, int errno, String detail) implements Reply {
        }

        record KillResult(int id, int errno) implements Reply {
        }

        record Exited(int pid, ExitStatus status) implements Reply {
            public int id() {
                return 0;
            }
        }

        record Error(int id, String message) implements Reply {
        }
    }

    /** A frame that does not decode. */
    public static final class MalformedFrameException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedFrameException(String message) {
            super(message);
        }
    }

    // ---- encoding ---------------------------------------------------------

    private static final class Encoder {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        Encoder(int type, int id) {
            u32(0); // length, patched in frame()
            u32(type);
            u32(id);
        }

        Encoder u8(int v) {
            return io(() -> out.writeByte(v));
        }

        Encoder u32(long v) {
            return io(() -> out.writeInt((int) v));
        }

        Encoder u64(long v) {
            return io(() -> out.writeLong(v));
        }

        Encoder str(String s) {
            if (s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("string contains a NUL byte: " + s.replace('\0', '?'));
            }
            return bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        Encoder bytes(byte[] b) {
            u32(b.length);
            return io(() -> out.write(b));
        }

        Encoder strs(List<String> list) {
            u32(list.size());
            list.forEach(this::str);
            return this;
        }

        private interface IoAction {
            void run() throws IOException;
        }

        private Encoder io(IoAction action) {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            return this;
        }

        byte[] frame() {
            byte[] frame = bytes.toByteArray();
            ByteBuffer.wrap(frame).putInt(0, frame.length - 4);
            return frame;
        }
    }

    /** START: the launch plan; {@code plan.fds().size()} descriptors travel with it. */
    public static byte[] start(int id, LaunchPlan plan) {
        Encoder e = new Encoder(START, id);
        e.str(plan.container().toString()).str(plan.root().toString()).str(plan.path());
        e.strs(plan.argv()).strs(plan.env());
        e.u32(plan.uid()).u32(plan.gid());
        e.u32(plan.supplementaryGids().size());
        plan.supplementaryGids().forEach(e::u32);
        NetworkPlan net = plan.network();
        if (net instanceof NetworkPlan.Join join) {
            e.u8(NET_JOIN).str(join.namespaceFile().toString());
        } else {
            e.u8(net.equals(new NetworkPlan.Host()) ? NET_HOST : NET_NEW).str("");
        }
        e.strs(plan.cgroupProcs().stream().map(Object::toString).toList());
        e.u32(plan.mounts().size());
        for (MountCall m : plan.mounts()) {
            switch (m.source()) {
                case MountSource.None none -> e.u8(SOURCE_NONE).str("").str("").u32(0).u32(0);
                case MountSource.Name name -> e.u8(SOURCE_NAME).str("").str(name.name()).u32(0).u32(0);
                case MountSource.HostPath host -> e.u8(SOURCE_HOST).str("").str(host.path().toString()).u32(0).u32(0);
                case MountSource.Beneath beneath -> e.u8(SOURCE_BENEATH).str(beneath.root().toString())
                        .str(beneath.relative().toString()).u32(0).u32(0);
                case MountSource.CharDevice device -> e.u8(SOURCE_CHAR_DEVICE).str("")
                        .str(device.path().toString()).u32(device.major()).u32(device.minor());
            }
            // relative to the root, which the forker resolves it in; "" is the root itself
            e.str(plan.root().relativize(m.target()).toString());
            e.u8(switch (m.targetMode()) {
                case EXISTING -> TARGET_EXISTING;
                case OPTIONAL -> TARGET_OPTIONAL;
                case CREATE -> TARGET_CREATE;
            });
            e.str(m.fstype().orElse("")).u64(m.flags()).str(m.data().orElse(""));
        }
        e.u32(plan.rlimits().size());
        for (Rlimit r : plan.rlimits()) {
            e.u32(r.resource()).u64(r.soft()).u64(r.hard());
        }
        Optional<Scheduling> sched = plan.scheduling();
        e.u8(sched.isPresent() ? 1 : 0).u32(sched.map(Scheduling::policy).orElse(0))
                .u32(sched.map(Scheduling::priority).orElse(0));
        boolean nice = sched.isPresent() && sched.get().nice().isPresent();
        e.u8(nice ? 1 : 0).u32(nice ? sched.get().nice().getAsInt() : 0);
        e.u64(plan.capabilities().bounding()).u64(plan.capabilities().effective())
                .u64(plan.capabilities().permitted()).u64(plan.capabilities().inheritable())
                .u64(plan.capabilities().ambient());
        e.u8(plan.noNewPrivileges() ? 1 : 0);
        e.str(plan.selinuxExec().orElse(""));
        e.bytes(plan.seccomp().map(p -> p.toSockFilter()).orElse(new byte[0]));
        e.bytes(plan.initSeccomp().toSockFilter());
        e.u32(plan.fds().size());
        byte[] frame = e.frame();
        if (frame.length > MAX_FRAME) {
            throw new IllegalArgumentException("launch plan of " + plan.container() + " encodes to " + frame.length
                    + " bytes, more than the forker accepts (" + MAX_FRAME + ")");
        }
        return frame;
    }

    public static byte[] kill(int id, int pid, int signal) {
        return new Encoder(KILL, id).u32(pid).u32(signal).frame();
    }

    // ---- decoding ---------------------------------------------------------

    private static final class Decoder {
        private final ByteBuffer buf;

        Decoder(byte[] frame) {
            this.buf = ByteBuffer.wrap(frame);
        }

        int u8() throws MalformedFrameException {
            need(1);
            return buf.get() & 0xff;
        }

        int i32() throws MalformedFrameException {
            need(4);
            return buf.getInt();
        }

        String str() throws MalformedFrameException {
            int n = i32();
            if (n < 0) {
                throw new MalformedFrameException("negative string length");
            }
            need(n);
            byte[] b = new byte[n];
            buf.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        void need(int n) throws MalformedFrameException {
            if (buf.remaining() < n) {
                throw new MalformedFrameException("frame truncated");
            }
        }

        void end() throws MalformedFrameException {
            if (buf.hasRemaining()) {
                throw new MalformedFrameException(buf.remaining() + " trailing bytes");
            }
        }
    }

    public static Reply decode(byte[] frame) throws MalformedFrameException {
        Decoder d = new Decoder(frame);
        int length = d.i32();
        if (length != frame.length - 4) {
            throw new MalformedFrameException("length field " + length + " does not match frame size "
                    + (frame.length - 4));
        }
        int type = d.i32();
        int id = d.i32();
        Reply reply = switch (type) {
            case HELLO -> new Reply.Hello(d.i32(), d.i32());
            case STARTED -> new Reply.Started(id, d.i32());
            case START_FAILED -> new Reply.StartFailed(id, d.str(), d.i32(), d.str());
            case KILL_RESULT -> new Reply.KillResult(id, d.i32());
            case EXIT -> {
                int pid = d.i32();
                int kind = d.u8();
                int value = d.i32();
                ExitStatus status = switch (kind) {
                    case EXIT_CODE -> new ExitStatus.Exit(value);
                    case EXIT_SIGNAL -> new ExitStatus.Signalled(value);
                    default -> throw new MalformedFrameException("unknown exit kind " + kind);
                };
                yield new Reply.Exited(pid, status);
            }
            case ERROR -> new Reply.Error(id, d.str());
            default -> throw new MalformedFrameException("unknown message type " + type);
        };
        d.end();
        return reply;
    }
}
