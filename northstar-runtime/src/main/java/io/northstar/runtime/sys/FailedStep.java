package io.northstar.runtime.sys;

import java.io.Serializable;

/**
 * What the runtime (or its forker) attempted and the errno it failed with: the context a failure
 * report carries, whichever exception reports it.
 *
 * @param step  what was attempted and on what, e.g. {@code LOOP_SET_FD on /dev/loop3} or {@code pivot_root}
 * @param errno the error number, 0 when the step failed without one
 */
public record FailedStep(String step, int errno) implements Serializable {

    public String errnoName() {
        return Errno.name(errno);
    }

    public boolean is(int errno) {
        return this.errno == errno;
    }

    /** {@code step: ERRNO}, e.g. {@code pivot_root: EINVAL}, or the step alone without an errno. */
    @Override
    public String toString() {
        return errno != 0 ? step + ": " + errnoName() : step;
    }
}
