package io.northstar.runtime.sys;

import java.io.IOException;

/**
 * A system call failed. The message names the operation and its object and the
 * errno by name, e.g. {@code LOOP_SET_FD on /dev/loop3 failed: EBUSY}.
 */
public class SyscallException extends IOException {
    private final FailedStep failed;

    public SyscallException(String operation, int errno) {
        super(operation + " failed: " + Errno.name(errno));
        this.failed = new FailedStep(operation, errno);
    }

    /** What was attempted, e.g. {@code LOOP_SET_FD on /dev/loop3}. */
    public String operation() {
        return failed.step();
    }

    public int errno() {
        return failed.errno();
    }

    public boolean is(int errno) {
        return failed.is(errno);
    }
}
