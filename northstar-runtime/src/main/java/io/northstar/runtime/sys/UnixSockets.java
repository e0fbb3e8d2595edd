package io.northstar.runtime.sys;

import static io.northstar.runtime.sys.StructLayout.u32;
import static io.northstar.runtime.sys.StructLayout.u64;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * AF_UNIX sockets for the runtime: socket pairs, abstract listening sockets,
 * SO_PEERCRED, and sendmsg/recvmsg with SCM_RIGHTS descriptor passing.
 *
 * <p>Struct layouts are those of the 64-bit Linux ABIs the runtime supports
 * (x86_64, aarch64), where pointers and {@code size_t} are 8 bytes; control
 * message data is 8-byte aligned.
 */
public final class UnixSockets {
    public static final int AF_UNIX = 1;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_NONBLOCK = 04000;
    public static final int SOCK_CLOEXEC = 02000000;

    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_PASSCRED = 16;
    static final int SO_PEERCRED = 17;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;
    static final int SCM_RIGHTS = 1;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_CTRUNC = 0x08;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int MSG_CMSG_CLOEXEC = 0x40000000;
    static final int SHUT_RDWR = 2;
    public static final int SOMAXCONN = 4096;

    private static final StructLayout MSGHDR = StructLayout.of("msghdr",
            u64("msg_name"), u32("msg_namelen"), u64("msg_iov"),
            u64("msg_iovlen"), u64("msg_control"), u64("msg_controllen"),
            u32("msg_flags"));
    private static final StructLayout IOVEC = StructLayout.of("iovec",
            u64("iov_base"), u64("iov_len"));
    private static final StructLayout CMSGHDR = StructLayout.of("cmsghdr",
            u64("cmsg_len"), u32("cmsg_level"), u32("cmsg_type"));
    private static final StructLayout UCRED = StructLayout.of("ucred",
            u32("pid"), u32("uid"), u32("gid"));

    /** Most descriptors one message can carry (the kernel's SCM_MAX_FD is 253). */
    public static final int MAX_FDS = 64;

    private static final UnixSocketIo LIBC = UnixSocketIo.LIBC;

    private UnixSockets() {
    }

    /** Credentials of the peer process at connect time. */
    public record PeerCredentials(int pid, int uid, int gid) {
    }

    /** One received message; the caller owns (and must close) the descriptors. */
    public record Received(byte[] data, List<NativeFd> fds, boolean truncated) {
        /** True for an orderly end of the stream (zero bytes, no descriptors). */
        public boolean endOfStream() {
            return data.length == 0 && fds.isEmpty() && !truncated;
        }
    }

    static void checkAbi() {
        if (UnixSocketIo.RUNTIME.addressSize() != 8) {
            throw new UnsupportedOperationException("unix socket bindings need a 64-bit ABI");
        }
    }

    /** socketpair(2) with close-on-exec set on both ends. */
    public static NativeFd[] socketPair(int type, String description) throws SyscallException {
        int[] sv = new int[2];
        if (LIBC.socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv) < 0) {
            throw new SyscallException("socketpair for " + description, UnixSocketIo.errno());
        }
        return new NativeFd[] {NativeFd.adopt(sv[0], description + " (0)"), NativeFd.adopt(sv[1], description + " (1)")};
    }

    /** A close-on-exec socket listening on an abstract address ({@code @name}). */
    public static NativeFd listenAbstract(int type, String name, int backlog) throws SyscallException {
        checkAbi();
        int fd = LIBC.socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new SyscallException("socket for @" + name, UnixSocketIo.errno());
        }
        NativeFd socket = NativeFd.adopt(fd, "@" + name);
        byte[] addr = abstractAddress(name);
        if (LIBC.bind(fd, addr, addr.length) < 0) {
            int errno = UnixSocketIo.errno();
            socket.closeQuietly();
            throw new SyscallException("bind @" + name, errno);
        }
        if (LIBC.listen(fd, backlog) < 0) {
            int errno = UnixSocketIo.errno();
            socket.closeQuietly();
            throw new SyscallException("listen @" + name, errno);
        }
        return socket;
    }

    /**
     * A close-on-exec socket bound to a file system path (manifest sockets,
     * docs/runtime.md, "Sockets"). A stale file at the path is not removed
     * here (EADDRINUSE); {@code backlog >= 0} also listens. SO_PASSCRED is
     * set before bind when asked for.
     */
    public static NativeFd bindPath(int type, java.nio.file.Path path, int backlog, boolean passcred)
            throws SyscallException {
        checkAbi();
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > 107) {
            throw new IllegalArgumentException("unix socket path must have 1..107 bytes: " + path);
        }
        int fd = LIBC.socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new SyscallException("socket for " + path, UnixSocketIo.errno());
        }
        NativeFd socket = NativeFd.adopt(fd, path.toString());
        byte[] addr = new byte[2 + bytes.length + 1];
        addr[0] = (byte) AF_UNIX;
        System.arraycopy(bytes, 0, addr, 2, bytes.length);
        String step = "SO_PASSCRED on " + path;
        boolean ok = !passcred || LIBC.setsockopt(fd, SOL_SOCKET, SO_PASSCRED, new int[] {1}, 4) == 0;
        if (ok) {
            step = "bind " + path;
            ok = LIBC.bind(fd, addr, addr.length) == 0;
        }
        if (ok && backlog >= 0) {
            step = "listen on " + path;
            ok = LIBC.listen(fd, backlog) == 0;
        }
        if (!ok) {
            int errno = UnixSocketIo.errno();
            socket.closeQuietly();
            throw new SyscallException(step, errno);
        }
        return socket;
    }

    static byte[] abstractAddress(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > 106) {
            throw new IllegalArgumentException("abstract socket name must have 1..106 bytes: " + name);
        }
        // sa_family_t (host order, little endian on our ABIs), then NUL + name
        byte[] addr = new byte[2 + 1 + bytes.length];
        addr[0] = (byte) AF_UNIX;
        System.arraycopy(bytes, 0, addr, 3, bytes.length);
        return addr;
    }

    /**
     * Waits up to {@code timeoutMillis} for {@code fd} to become readable.
     * Returns false on timeout.
     */
    public static boolean awaitReadable(NativeFd fd, int timeoutMillis) throws SyscallException {
        return Poll.poll("poll " + fd.description(), new int[] {fd.fd()}, Poll.POLLIN, timeoutMillis)[0] != 0;
    }

    /** accept4(2) with close-on-exec. */
    public static NativeFd accept(NativeFd listener) throws SyscallException {
        int fd = LIBC.accept4(listener.fd(), null, null, SOCK_CLOEXEC);
        if (fd < 0) {
            throw new SyscallException("accept on " + listener.description(), UnixSocketIo.errno());
        }
        return NativeFd.adopt(fd, "connection on " + listener.description());
    }

    public static PeerCredentials peerCredentials(NativeFd socket) throws SyscallException {
        byte[] cred = new byte[UCRED.size()];
        int[] len = {cred.length};
        if (LIBC.getsockopt(socket.fd(), SOL_SOCKET, SO_PEERCRED, cred, len) < 0) {
            throw new SyscallException("SO_PEERCRED on " + socket.description(), UnixSocketIo.errno());
        }
        return new PeerCredentials(intLe(cred, UCRED.offset("pid")), intLe(cred, UCRED.offset("uid")),
                intLe(cred, UCRED.offset("gid")));
    }

    /**
     * Raises the socket's send and receive buffers to {@code bytes}. A SEQPACKET
     * message must fit the sender's buffer; as root the *FORCE options go past
     * net.core.wmem_max, otherwise the plain options are tried.
     */
    public static void setBufferSizes(NativeFd socket, int bytes) throws SyscallException {
        int[] value = {bytes};
        if (LIBC.setsockopt(socket.fd(), SOL_SOCKET, SO_SNDBUFFORCE, value, 4) < 0
                && LIBC.setsockopt(socket.fd(), SOL_SOCKET, SO_SNDBUF, value, 4) < 0) {
            throw new SyscallException("SO_SNDBUF on " + socket.description(), UnixSocketIo.errno());
        }
        if (LIBC.setsockopt(socket.fd(), SOL_SOCKET, SO_RCVBUFFORCE, value, 4) < 0
                && LIBC.setsockopt(socket.fd(), SOL_SOCKET, SO_RCVBUF, value, 4) < 0) {
            throw new SyscallException("SO_RCVBUF on " + socket.description(), UnixSocketIo.errno());
        }
    }

    /** shutdown(SHUT_RDWR): wakes a thread blocked in {@link #receive}. ENOTCONN is ignored. */
    public static void shutdown(NativeFd socket) {
        LIBC.shutdown(socket.fd(), SHUT_RDWR);
    }

    /** sendmsg(2) of one message, with {@code fds} as SCM_RIGHTS. */
    public static void send(NativeFd socket, byte[] data, List<NativeFd> fds) throws SyscallException {
        checkAbi();
        if (fds.size() > MAX_FDS) {
            throw new IllegalArgumentException(fds.size() + " descriptors exceed " + MAX_FDS);
        }
        jnr.ffi.Runtime rt = UnixSocketIo.RUNTIME;
        Pointer buf = Memory.allocateDirect(rt, Math.max(1, data.length), true);
        buf.put(0, data, 0, data.length);
        Pointer iov = singleIovec(rt, buf, data.length);
        Pointer msg = Memory.allocateDirect(rt, MSGHDR.size(), true);
        msg.putAddress(MSGHDR.offset("msg_iov"), iov.address());
        msg.putLong(MSGHDR.offset("msg_iovlen"), 1);
        Pointer control = null;
        if (!fds.isEmpty()) {
            int dataLen = 4 * fds.size();
            int space = cmsgSpace(dataLen);
            control = Memory.allocateDirect(rt, space, true);
            control.putLong(CMSGHDR.offset("cmsg_len"), CMSGHDR.size() + dataLen);
            control.putInt(CMSGHDR.offset("cmsg_level"), SOL_SOCKET);
            control.putInt(CMSGHDR.offset("cmsg_type"), SCM_RIGHTS);
            for (int i = 0; i < fds.size(); i++) {
                control.putInt(CMSGHDR.size() + 4L * i, fds.get(i).fd());
            }
            msg.putAddress(MSGHDR.offset("msg_control"), control.address());
            msg.putLong(MSGHDR.offset("msg_controllen"), space);
        }
        for (;;) {
            long n = LIBC.sendmsg(socket.fd(), msg, MSG_NOSIGNAL);
            if (n >= 0) {
                if (n != data.length) {
                    throw new SyscallException("sendmsg on " + socket.description() + " (short write " + n + ")",
                            Errno.EIO);
                }
                return;
            }
            int errno = UnixSocketIo.errno();
            if (errno != Errno.EINTR) {
                throw new SyscallException("sendmsg of " + data.length + " bytes on " + socket.description(), errno);
            }
        }
    }

    /**
     * recvmsg(2) of one message of at most {@code maxBytes}; received
     * descriptors are close-on-exec. Blocks.
     */
    public static Received receive(NativeFd socket, int maxBytes) throws SyscallException {
        return new Receiver(socket, maxBytes).receive();
    }

    /**
     * Receives message after message on one socket into native buffers allocated once: a reader
     * that takes every frame of a long-lived connection (the forker's) would otherwise allocate and
     * map a frame-sized buffer per message. For one thread at a time.
     */
    public static final class Receiver {
        private final NativeFd socket;
        private final int maxBytes;
        private final int space = cmsgSpace(4 * MAX_FDS);
        private final Pointer buf;
        /** Reached only through msg's address: a field keeps it reachable (jnr frees memory when it is collected). */
        private final Pointer iov;
        private final Pointer control;
        private final Pointer msg;

        public Receiver(NativeFd socket, int maxBytes) {
            checkAbi();
            jnr.ffi.Runtime rt = UnixSocketIo.RUNTIME;
            this.socket = socket;
            this.maxBytes = maxBytes;
            this.buf = Memory.allocateDirect(rt, maxBytes, false);
            Pointer iov = singleIovec(rt, buf, maxBytes);
            this.control = Memory.allocateDirect(rt, space, true);
            this.msg = Memory.allocateDirect(rt, MSGHDR.size(), true);
            msg.putAddress(MSGHDR.offset("msg_iov"), iov.address());
            msg.putLong(MSGHDR.offset("msg_iovlen"), 1);
            msg.putAddress(MSGHDR.offset("msg_control"), control.address());
            this.iov = iov;
        }

        /** The next message; blocks. */
        public Received receive() throws SyscallException {
            // recvmsg shrinks msg_controllen to what it wrote, and sets msg_flags.
            msg.putLong(MSGHDR.offset("msg_controllen"), space);
            msg.putInt(MSGHDR.offset("msg_flags"), 0);
            long n;
            for (;;) {
                n = LIBC.recvmsg(socket.fd(), msg, MSG_CMSG_CLOEXEC);
                if (n >= 0) {
                    break;
                }
                int errno = UnixSocketIo.errno();
                if (errno != Errno.EINTR) {
                    throw new SyscallException("recvmsg on " + socket.description(), errno);
                }
            }
            int flags = msg.getInt(MSGHDR.offset("msg_flags"));
            List<NativeFd> fds = new ArrayList<>();
            long controlLen = msg.getLong(MSGHDR.offset("msg_controllen"));
            long off = 0;
            while (off + CMSGHDR.size() <= controlLen) {
                long len = control.getLong(off + CMSGHDR.offset("cmsg_len"));
                if (len < CMSGHDR.size()) {
                    break;
                }
                if (control.getInt(off + CMSGHDR.offset("cmsg_level")) == SOL_SOCKET
                        && control.getInt(off + CMSGHDR.offset("cmsg_type")) == SCM_RIGHTS) {
                    for (long p = CMSGHDR.size(); p + 4 <= len; p += 4) {
                        fds.add(NativeFd.adopt(control.getInt(off + p), "fd received on " + socket.description()));
                    }
                }
                off += align8(len);
            }
            int length = (int) Math.min(n, maxBytes);
            byte[] data = new byte[length];
            buf.get(0, data, 0, length);
            return new Received(data, List.copyOf(fds), (flags & (MSG_TRUNC | MSG_CTRUNC)) != 0);
        }
    }

    static int cmsgSpace(int dataLen) {
        return CMSGHDR.size() + (int) align8(dataLen);
    }

    /** One {@code struct iovec} over the first {@code length} bytes of {@code buf}. */
    private static Pointer singleIovec(jnr.ffi.Runtime rt, Pointer buf, long length) {
        Pointer iov = Memory.allocateDirect(rt, IOVEC.size(), true);
        iov.putAddress(IOVEC.offset("iov_base"), buf.address());
        iov.putLong(IOVEC.offset("iov_len"), length);
        return iov;
    }

    private static long align8(long n) {
        return (n + 7) & ~7L;
    }

    private static int intLe(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }
}
