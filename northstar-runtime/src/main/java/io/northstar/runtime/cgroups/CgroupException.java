package io.northstar.runtime.cgroups;

import java.io.IOException;

/** A cgroup operation failed; the message names the group, the file and the cause. */
public class CgroupException extends IOException {

    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
