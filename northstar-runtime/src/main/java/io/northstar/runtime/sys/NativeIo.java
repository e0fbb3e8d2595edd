package io.northstar.runtime.sys;

import jnr.ffi.annotations.Out;

/**
 * The libc functions behind the bindings of this package (loop, device-mapper, mounts, memfds, eventfd, inotify, poll).
 * Public only because jnr-ffi generates its implementation in
 * another class loader; callers use the typed classes (LoopDevice,
 * DeviceMapper, Mounts, MemFd, NativeFd) which check results and turn errno
 * into {@link SyscallException}.
 *
 * <p>ioctl and fcntl are variadic in C; every argument we pass is an integer
 * or a pointer, which the x86_64 and aarch64 Linux calling conventions pass
 * exactly like a fixed argument, so declaring them with a fixed {@code long}
 * third argument is safe there.
 */
public interface NativeIo {
    NativeIo LIBC = LibcLoader.load(NativeIo.class);
    jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getRuntime(LIBC);

    int ioctl(int fd, long request, long arg);

    int mount(String source, String target, String fstype, long flags, String data);

    int umount2(String target, int flags);

    int memfd_create(String name, int flags);

    int fcntl(int fd, int cmd, long arg);

    int open(String path, int flags, int mode);

    int close(int fd);

    long read(int fd, @Out byte[] buf, long count);

    long pread(int fd, @Out byte[] buf, long count, long offset);

    long write(int fd, byte[] buf, long count);

    int mknod(String path, int mode, long dev);

    int sync_file_range(int fd, long offset, long nbytes, int flags);

    int eventfd(int initval, int flags);

    int inotify_init1(int flags);

    int inotify_add_watch(int fd, String path, int mask);

    /** {@code struct pollfd[]}, see {@link Poll}. */
    int poll(jnr.ffi.Pointer fds, long nfds, int timeout);

    static int errno() {
        return jnr.ffi.LastError.getLastError(RUNTIME);
    }

    static jnr.ffi.Pointer allocate(int size) {
        return jnr.ffi.Memory.allocateDirect(RUNTIME, size, true);
    }
}
