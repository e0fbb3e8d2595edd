package io.northstar.runtime.sys;

import java.nio.charset.StandardCharsets;
import jnr.ffi.annotations.In;

/**
 * Unconnected AF_UNIX datagrams: sendto(2) to a file system path or an abstract name. The JDK's
 * Unix domain channels are stream-only, and systemd's notification socket is a datagram socket.
 */
public final class UnixDatagrams {

    /** The libc function; public only for jnr-ffi's generated class. */
    public interface Libc {
        Libc LIBC = LibcLoader.load(Libc.class);

        long sendto(int fd, @In byte[] buf, long len, int flags, @In byte[] addr, int addrlen);
    }

    private static final int MSG_NOSIGNAL = 0x4000;

    private UnixDatagrams() {
    }

    /** A close-on-exec, unbound datagram socket to send from. */
    public static NativeFd open(String description) throws SyscallException {
        UnixSockets.checkAbi();
        int fd = UnixSocketIo.LIBC.socket(UnixSockets.AF_UNIX, UnixSockets.SOCK_DGRAM | UnixSockets.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new SyscallException("socket for " + description, UnixSocketIo.errno());
        }
        return NativeFd.adopt(fd, description);
    }

    /** A close-on-exec datagram socket bound to {@code address} (a path or {@code @name}), to receive on. */
    public static NativeFd bind(String address) throws SyscallException {
        NativeFd socket = open(address);
        byte[] addr = address(address);
        if (UnixSocketIo.LIBC.bind(socket.fd(), addr, addr.length) < 0) {
            int errno = UnixSocketIo.errno();
            socket.closeQuietly();
            throw new SyscallException("bind " + address, errno);
        }
        return socket;
    }

    private static byte[] address(String address) {
        return address.startsWith("@") ? UnixSockets.abstractAddress(address.substring(1)) : pathAddress(address);
    }

    /**
     * Sends one datagram to {@code address}: a path, or {@code @name} for the abstract namespace
     * (the notation of systemd and ss(8)).
     */
    public static void sendTo(NativeFd socket, byte[] data, String address) throws SyscallException {
        byte[] addr = address(address);
        while (Libc.LIBC.sendto(socket.fd(), data, data.length, MSG_NOSIGNAL, addr, addr.length) < 0) {
            int errno = jnr.ffi.LastError.getLastError(jnr.ffi.Runtime.getRuntime(Libc.LIBC));
            if (errno != Errno.EINTR) {
                throw new SyscallException("sendto " + address, errno);
            }
        }
    }

    private static byte[] pathAddress(String path) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > 107) {
            throw new IllegalArgumentException("unix socket path must have 1..107 bytes: " + path);
        }
        byte[] addr = new byte[2 + bytes.length + 1];
        addr[0] = (byte) UnixSockets.AF_UNIX;
        System.arraycopy(bytes, 0, addr, 2, bytes.length);
        return addr;
    }
}
