package io.northstar.runtime.mount;

import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.SyscallException;
import java.nio.file.Path;

/** Where the bytes of an NPK come from: the file of an fs repository or the memfd of a mem repository. */
public sealed interface ImageSource {

    /** For messages. */
    String describe();

    /**
     * A new read-only descriptor of the source for LOOP_SET_FD. A read-only
     * backing file makes the loop device read-only: LOOP_SET_STATUS64 cannot
     * set LO_FLAGS_READ_ONLY on current kernels.
     */
    NativeFd openReadOnly() throws SyscallException;

    /** An NPK file. */
    record File(Path path) implements ImageSource {
        @Override
        public String describe() {
            return path.toString();
        }

        @Override
        public NativeFd openReadOnly() throws SyscallException {
            return NativeFd.open(path.toString(), NativeFd.O_RDONLY);
        }
    }

    /**
     * An open descriptor (e.g. a sealed memfd) owned by the caller; reopened
     * read-only through /proc/self/fd, so it works for a read-write memfd too.
     */
    record Descriptor(NativeFd fd) implements ImageSource {
        @Override
        public String describe() {
            return fd.description();
        }

        @Override
        public NativeFd openReadOnly() throws SyscallException {
            return NativeFd.open(fd.procPath(), NativeFd.O_RDONLY, 0, fd.description());
        }
    }
}
