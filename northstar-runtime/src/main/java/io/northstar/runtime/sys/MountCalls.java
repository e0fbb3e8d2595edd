package io.northstar.runtime.sys;

/**
 * mount(2) and umount2(2) as the mount logic calls them, behind an interface so that the logic
 * (cleanup, error context) is unit-tested without root against a recording double
 * (docs/kernel.md). {@link #LINUX} calls the kernel through {@link Mounts}.
 */
public interface MountCalls {

    MountCalls LINUX = new MountCalls() {
        @Override
        public void mount(String source, String target, String fstype, long flags, String data)
                throws SyscallException {
            Mounts.mount(source, target, fstype, flags, data);
        }

        @Override
        public void umount2(String target, int flags) throws SyscallException {
            Mounts.umount2(target, flags);
        }
    };

    /** mount(2); {@code source}, {@code fstype} and {@code data} may be null. */
    void mount(String source, String target, String fstype, long flags, String data) throws SyscallException;

    /** umount2(2). */
    void umount2(String target, int flags) throws SyscallException;
}
