package io.northstar.manifest;

import io.northstar.common.WireNamed;
import java.util.Optional;

/** Keys of {@code rlimits}, with the {@code RLIMIT_*} numbers of Linux (x86, arm, aarch64, riscv). */
public enum RLimitResource implements WireNamed {
    AS(9), CORE(4), CPU(0), DATA(2), FSIZE(1), LOCKS(10),
    MEMLOCK(8), MSGQUEUE(12), NICE(13), NOFILE(7), NPROC(6),
    RSS(5), RTPRIO(14), RTTIME(15), SIGPENDING(11), STACK(3);

    private final int linuxResource;

    RLimitResource(int linuxResource) {
        this.linuxResource = linuxResource;
    }

    /** The resource argument of setrlimit(2). */
    public int linuxResource() {
        return linuxResource;
    }

    public static Optional<RLimitResource> fromWireName(String name) {
        return WireNamed.fromWireName(RLimitResource.class, name);
    }
}
