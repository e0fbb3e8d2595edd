package io.northstar.runtime.sys;

/** memfd_create(2) and file seals (fcntl F_ADD_SEALS / F_GET_SEALS). */
public final class MemFd {
    public static final int MFD_CLOEXEC = 0x1;
    public static final int MFD_ALLOW_SEALING = 0x2;

    private static final int F_LINUX_SPECIFIC_BASE = 1024;
    public static final int F_ADD_SEALS = F_LINUX_SPECIFIC_BASE + 9;
    public static final int F_GET_SEALS = F_LINUX_SPECIFIC_BASE + 10;

    public static final int F_SEAL_SEAL = 0x1;
    public static final int F_SEAL_SHRINK = 0x2;
    public static final int F_SEAL_GROW = 0x4;
    public static final int F_SEAL_WRITE = 0x8;
    public static final int F_SEAL_FUTURE_WRITE = 0x10;

    private MemFd() {
    }

    /** memfd_create(name, MFD_CLOEXEC | extraFlags). */
    public static NativeFd create(String name, int extraFlags) throws SyscallException {
        int fd = NativeIo.LIBC.memfd_create(name, MFD_CLOEXEC | extraFlags);
        if (fd < 0) {
            throw new SyscallException("memfd_create " + name, NativeIo.errno());
        }
        return NativeFd.adopt(fd, "memfd:" + name);
    }

    /** A memfd that can be sealed later (what a mem repository stores an NPK in). */
    public static NativeFd createSealable(String name) throws SyscallException {
        return create(name, MFD_ALLOW_SEALING);
    }

    public static void addSeals(NativeFd fd, int seals) throws SyscallException {
        if (NativeIo.LIBC.fcntl(fd.fd(), F_ADD_SEALS, seals) < 0) {
            throw new SyscallException("F_ADD_SEALS " + sealNames(seals) + " on " + fd.description(), NativeIo.errno());
        }
    }

    public static int getSeals(NativeFd fd) throws SyscallException {
        int seals = NativeIo.LIBC.fcntl(fd.fd(), F_GET_SEALS, 0);
        if (seals < 0) {
            throw new SyscallException("F_GET_SEALS on " + fd.description(), NativeIo.errno());
        }
        return seals;
    }

    /** Seals shrink, grow, write, then seal itself: the content is immutable from now on. */
    public static void sealImmutable(NativeFd fd) throws SyscallException {
        addSeals(fd, F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_WRITE);
        addSeals(fd, F_SEAL_SEAL);
    }

    static String sealNames(int seals) {
        StringBuilder b = new StringBuilder();
        String[] names = {"SEAL", "SHRINK", "GROW", "WRITE", "FUTURE_WRITE"};
        for (int i = 0; i < names.length; i++) {
            if ((seals & (1 << i)) != 0) {
                b.append(b.length() == 0 ? "" : "|").append("F_SEAL_").append(names[i]);
            }
        }
        return b.length() == 0 ? "0" : b.toString();
    }
}
