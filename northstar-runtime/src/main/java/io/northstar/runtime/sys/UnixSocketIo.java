package io.northstar.runtime.sys;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * The libc socket functions behind {@link UnixSockets}. Public only because
 * jnr-ffi generates the implementation in another class loader; callers use
 * {@link UnixSockets}, which checks results and turns errno into
 * {@link SyscallException}.
 */
public interface UnixSocketIo {
    UnixSocketIo LIBC = LibcLoader.load(UnixSocketIo.class);
    jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getRuntime(LIBC);

    int socket(int domain, int type, int protocol);

    int socketpair(int domain, int type, int protocol, @Out int[] sv);

    int bind(int fd, @In byte[] addr, int addrlen);

    int listen(int fd, int backlog);

    int accept4(int fd, Pointer addr, Pointer addrlen, int flags);

    long sendmsg(int fd, Pointer msg, int flags);

    long recvmsg(int fd, Pointer msg, int flags);

    int getsockopt(int fd, int level, int optname, @Out byte[] optval, @In @Out int[] optlen);

    int setsockopt(int fd, int level, int optname, @In int[] optval, int optlen);

    int shutdown(int fd, int how);

    static int errno() {
        return jnr.ffi.LastError.getLastError(RUNTIME);
    }
}
