package io.northstar.runtime.sys;

import java.io.IOException;

/**
 * A system call failed. The message names the operation and its object and the
 * errno by name, e.g. {@code LOOP_SET_FD on /dev/loop3 failed: EBUSY}.
 */
public class SyscallException extends IOException {
    private final String operation;
    private final int errno;

    public SyscallException(String operation, int errno) {
        super(operation + " failed: " + Errno.name(errno));
        this.operation = operation;
        this.errno = errno;
    }

    /** What was attempted, e.g. {@code LOOP_SET_FD on /dev/loop3}. */
    public String operation() {
        return operation;
    }

    public int errno() {
        return errno;
    }

    public String errnoName() {
        return Errno.name(errno);
    }

    public boolean is(int errno) {
        return this.errno == errno;
    }
}
