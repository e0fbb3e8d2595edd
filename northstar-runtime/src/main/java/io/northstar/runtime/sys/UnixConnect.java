package io.northstar.runtime.sys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jnr.ffi.annotations.In;

/**
 * connect(2) of a fresh close-on-exec Unix socket to a file system path. The runtime needs a
 * connected socket pair whose one end is a Java {@code SocketChannel} (served by the console code)
 * and whose other end is a plain descriptor for a container: Java cannot wrap a native descriptor
 * in a channel, so the runtime accepts a connection it makes itself.
 */
public final class UnixConnect {

    /** The libc function; public only for jnr-ffi's generated class. */
    public interface Libc {
        Libc LIBC = LibcLoader.load(Libc.class);

        int connect(int fd, @In byte[] addr, int addrlen);
    }

    private UnixConnect() {
    }

    /** A {@code type} socket connected to {@code path}. */
    public static NativeFd connect(int type, Path path) throws SyscallException {
        UnixSockets.checkAbi();
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > 107) {
            throw new IllegalArgumentException("unix socket path must have 1..107 bytes: " + path);
        }
        int fd = UnixSocketIo.LIBC.socket(UnixSockets.AF_UNIX, type | UnixSockets.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new SyscallException("socket to connect to " + path, UnixSocketIo.errno());
        }
        NativeFd socket = NativeFd.adopt(fd, "connection to " + path);
        byte[] addr = new byte[2 + bytes.length + 1];
        addr[0] = (byte) UnixSockets.AF_UNIX;
        System.arraycopy(bytes, 0, addr, 2, bytes.length);
        while (Libc.LIBC.connect(fd, addr, addr.length) < 0) {
            int errno = jnr.ffi.LastError.getLastError(jnr.ffi.Runtime.getRuntime(Libc.LIBC));
            if (errno != Errno.EINTR) {
                socket.closeQuietly();
                throw new SyscallException("connect to " + path, errno);
            }
        }
        return socket;
    }
}
