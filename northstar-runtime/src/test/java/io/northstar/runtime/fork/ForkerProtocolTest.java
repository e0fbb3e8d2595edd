package io.northstar.runtime.fork;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.northstar.common.Container;
import io.northstar.console.ExitStatus;
import io.northstar.runtime.fork.ForkerProtocol.Reply;
import io.northstar.runtime.sandbox.CapabilitySets;
import io.northstar.runtime.sandbox.ContainerFd;
import io.northstar.runtime.sandbox.LaunchPlan;
import io.northstar.runtime.sandbox.MountCall;
import io.northstar.runtime.sandbox.MountSource;
import io.northstar.runtime.sandbox.NetworkPlan;
import io.northstar.runtime.sandbox.Rlimit;
import io.northstar.runtime.sandbox.Scheduling;
import io.northstar.runtime.seccomp.BpfProgram;
import io.northstar.runtime.seccomp.Instruction;
import io.northstar.runtime.sys.Mounts;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The frame layout documented in forker_protocol.h, checked field by field. */
class ForkerProtocolTest {
    /** Reads a frame the way the C side does. */
    /** One mount call of a START frame, its fields in wire order (target relative to the root). */
    private record WireMount(int sourceKind, String sourceRoot, String source, int major, int minor, String target,
            int targetMode, String fstype, long flags, String data) {

        static WireMount read(Fields f) {
            return new WireMount(f.u8(), f.str(), f.str(), f.u32(), f.u32(), f.str(), f.u8(), f.str(), f.u64(), f.str());
        }
    }

    static final class Fields {
        final ByteBuffer b;

        Fields(byte[] frame) {
            b = ByteBuffer.wrap(frame);
        }

        int u32() {
            return b.getInt();
        }

        long u64() {
            return b.getLong();
        }

        int u8() {
            return b.get() & 0xff;
        }

        String str() {
            byte[] s = new byte[b.getInt()];
            b.get(s);
            return new String(s, StandardCharsets.UTF_8);
        }

        List<String> strs() {
            List<String> l = new ArrayList<>();
            for (int n = b.getInt(); n > 0; n--) {
                l.add(str());
            }
            return l;
        }
    }

    static LaunchPlan plan() {
        BpfProgram bpf = new BpfProgram(List.of(new Instruction((short) 0x06, (byte) 0, (byte) 0, 0x7fff0000)));
        return new LaunchPlan(Container.of("hello", "0.0.1"), Path.of("/run/hello:0.0.1"), "/bin/hello",
                List.of("/bin/hello", "a"), List.of("K=V"), 1000, 1001, List.of(20, 30),
                new NetworkPlan.Join(Path.of("/run/netns/blue")), List.of(Path.of("/cg/cgroup.procs")),
                List.of(MountCall.filesystem("proc", Path.of("/run/hello:0.0.1/proc"), "proc", 0xf, Optional.empty()),
                        MountCall.bind(Path.of("/lib"), Path.of("/run/hello:0.0.1/lib"), 0)
                                .withTarget(MountCall.Target.CREATE),
                        MountCall.bind(new MountSource.Beneath(Path.of("/run/res:1.0.0"), Path.of("share/x")),
                                Path.of("/run/hello:0.0.1/res"), 0).withTarget(MountCall.Target.OPTIONAL),
                        MountCall.bind(MountSource.CharDevice.NULL, Path.of("/run/hello:0.0.1/proc/kcore"), 0),
                        MountCall.remountBind(Path.of("/run/hello:0.0.1"), Mounts.MS_RDONLY)),
                List.of(new Rlimit(6, 10, Rlimit.INFINITY)),
                Optional.of(new Scheduling(Scheduling.SCHED_OTHER, 0, OptionalInt.of(-3))),
                new CapabilitySets(7, 1, 3, 2, 2), true, Optional.of("u:r:app:s0"), Optional.of(bpf), bpf,
                List.of(new ContainerFd.Stdin(), new ContainerFd.Stdout(), new ContainerFd.Stderr(),
                        new ContainerFd.Console()));
    }

    @Test
    void startFrameLayout() {
        byte[] frame = ForkerProtocol.start(42, plan());
        Fields f = new Fields(frame);
        assertEquals(frame.length - 4, f.u32());
        assertEquals(2, f.u32()); // START
        assertEquals(42, f.u32());
        assertEquals("hello:0.0.1", f.str());
        assertEquals("/run/hello:0.0.1", f.str());
        assertEquals("/bin/hello", f.str());
        assertEquals(List.of("/bin/hello", "a"), f.strs());
        assertEquals(List.of("K=V"), f.strs());
        assertEquals(1000, f.u32());
        assertEquals(1001, f.u32());
        assertEquals(2, f.u32());
        assertEquals(20, f.u32());
        assertEquals(30, f.u32());
        assertEquals(2, f.u8()); // join
        assertEquals("/run/netns/blue", f.str());
        assertEquals(List.of("/cg/cgroup.procs"), f.strs());
        assertEquals(5, f.u32());
        // Source kinds: 0 none, 1 name, 2 host path, 3 beneath a root, 4 char device; target modes:
        // 0 existing, 1 optional, 2 create. The empty string is how a NULL fstype or data goes out.
        assertEquals(new WireMount(1, "", "proc", 0, 0, "proc", 0, "proc", 0xf, ""), WireMount.read(f));
        assertEquals(new WireMount(2, "", "/lib", 0, 0, "lib", 2, "", Mounts.MS_BIND, ""), WireMount.read(f));
        assertEquals(new WireMount(3, "/run/res:1.0.0", "share/x", 0, 0, "res", 1, "", Mounts.MS_BIND, ""),
                WireMount.read(f));
        assertEquals(new WireMount(4, "", "/dev/null", 1, 3, "proc/kcore", 0, "", Mounts.MS_BIND, ""), WireMount.read(f));
        // a remount of the root itself
        assertEquals(new WireMount(0, "", "", 0, 0, "", 0, "", Mounts.MS_BIND | Mounts.MS_REMOUNT | Mounts.MS_RDONLY, ""),
                WireMount.read(f));
        assertEquals(1, f.u32());
        assertEquals(6, f.u32());
        assertEquals(10, f.u64());
        assertEquals(-1L, f.u64());
        assertEquals(1, f.u8());
        assertEquals(0, f.u32());
        assertEquals(0, f.u32());
        assertEquals(1, f.u8());
        assertEquals(-3, f.u32());
        assertEquals(7, f.u64());
        assertEquals(1, f.u64());
        assertEquals(3, f.u64());
        assertEquals(2, f.u64());
        assertEquals(2, f.u64());
        assertEquals(1, f.u8());
        assertEquals("u:r:app:s0", f.str());
        assertEquals(8, f.u32());
        byte[] insn = new byte[8];
        f.b.get(insn);
        // struct sock_filter in host byte order, as the kernel reads it
        ByteBuffer expected = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        expected.putShort((short) 6).put((byte) 0).put((byte) 0).putInt(0x7fff0000);
        assertArrayEquals(expected.array(), insn);
        assertEquals(8, f.u32()); // init's own filter
        f.b.get(insn);
        assertArrayEquals(expected.array(), insn);
        assertEquals(4, f.u32());
        assertEquals(0, f.b.remaining());
    }

    @Test
    void killFrame() {
        Fields f = new Fields(ForkerProtocol.kill(7, 1234, 15));
        assertEquals(16, f.u32());
        assertEquals(3, f.u32());
        assertEquals(7, f.u32());
        assertEquals(1234, f.u32());
        assertEquals(15, f.u32());
    }

    static byte[] frame(int type, int id, Writer payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0);
        out.writeInt(type);
        out.writeInt(id);
        payload.write(out);
        byte[] frame = bytes.toByteArray();
        ByteBuffer.wrap(frame).putInt(0, frame.length - 4);
        return frame;
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    @Test
    void decodesReplies() throws Exception {
        assertEquals(new Reply.Hello(1, 99), ForkerProtocol.decode(frame(1, 0, o -> {
            o.writeInt(1);
            o.writeInt(99);
        })));
        assertEquals(new Reply.Started(5, 4321), ForkerProtocol.decode(frame(101, 5, o -> o.writeInt(4321))));
        assertEquals(new Reply.StartFailed(6, "pivot_root", 22, "/run/x"), ForkerProtocol.decode(frame(102, 6, o -> {
            str(o, "pivot_root");
            o.writeInt(22);
            str(o, "/run/x");
        })));
        assertEquals(new Reply.KillResult(8, 3), ForkerProtocol.decode(frame(103, 8, o -> o.writeInt(3))));
        assertEquals(new Reply.Exited(77, new ExitStatus.Exit(101)), ForkerProtocol.decode(frame(104, 0, o -> {
            o.writeInt(77);
            o.writeByte(0);
            o.writeInt(101);
        })));
        assertEquals(new Reply.Exited(77, new ExitStatus.Signalled(31)), ForkerProtocol.decode(frame(104, 0, o -> {
            o.writeInt(77);
            o.writeByte(1);
            o.writeInt(31);
        })));
        assertEquals(new Reply.Error(0, "bad"), ForkerProtocol.decode(frame(105, 0, o -> str(o, "bad"))));
    }

    @Test
    void rejectsMalformedReplies() throws Exception {
        byte[] started = frame(101, 5, o -> o.writeInt(4321));
        byte[] wrongLength = started.clone();
        wrongLength[3]++;
        assertThrows(ForkerProtocol.MalformedFrameException.class, () -> ForkerProtocol.decode(wrongLength));
        assertThrows(ForkerProtocol.MalformedFrameException.class,
                () -> ForkerProtocol.decode(frame(101, 5, o -> o.writeShort(1))));
        assertThrows(ForkerProtocol.MalformedFrameException.class,
                () -> ForkerProtocol.decode(frame(101, 5, o -> o.writeLong(1))));
        assertThrows(ForkerProtocol.MalformedFrameException.class,
                () -> ForkerProtocol.decode(frame(999, 5, o -> { })));
        assertThrows(ForkerProtocol.MalformedFrameException.class, () -> ForkerProtocol.decode(frame(104, 0, o -> {
            o.writeInt(77);
            o.writeByte(9);
            o.writeInt(1);
        })));
        assertThrows(ForkerProtocol.MalformedFrameException.class, () -> ForkerProtocol.decode(new byte[2]));
    }

    @Test
    void refusesNulBytesAndOversizedPlans() {
        LaunchPlan p = plan();
        LaunchPlan nul = new LaunchPlan(p.container(), p.root(), "/bin/a\0b", p.argv(), p.env(), p.uid(), p.gid(),
                p.supplementaryGids(), p.network(), p.cgroupProcs(), p.mounts(), p.rlimits(), p.scheduling(),
                p.capabilities(), true, p.selinuxExec(), p.seccomp(), p.initSeccomp(), p.fds());
        assertThrows(IllegalArgumentException.class, () -> ForkerProtocol.start(1, nul));
        List<String> huge = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            huge.add("V" + i + "=" + "x".repeat(1000));
        }
        LaunchPlan big = new LaunchPlan(p.container(), p.root(), p.path(), p.argv(), huge, p.uid(), p.gid(),
                p.supplementaryGids(), p.network(), p.cgroupProcs(), p.mounts(), p.rlimits(), p.scheduling(),
                p.capabilities(), true, p.selinuxExec(), p.seccomp(), p.initSeccomp(), p.fds());
        assertThrows(IllegalArgumentException.class, () -> ForkerProtocol.start(1, big));
    }
}
