package io.northstar.manifest;

import java.util.Optional;

/** Keys of {@code rlimits}, with the {@code RLIMIT_*} numbers of Linux (x86, arm, aarch64, riscv). */
public enum RLimitResource {
    AS("as", 9), CORE("core", 4), CPU("cpu", 0), DATA("data", 2), FSIZE("fsize", 1), LOCKS("locks", 10),
    MEMLOCK("memlock", 8), MSGQUEUE("msgqueue", 12), NICE("nice", 13), NOFILE("nofile", 7), NPROC("nproc", 6),
    RSS("rss", 5), RTPRIO("rtprio", 14), RTTIME("rttime", 15), SIGPENDING("sigpending", 11), STACK("stack", 3);

    private final String wireName;
    private final int linuxResource;

    RLimitResource(String wireName, int linuxResource) {
        this.wireName = wireName;
        this.linuxResource = linuxResource;
    }

    public String wireName() {
        return wireName;
    }

    /** The resource argument of setrlimit(2). */
    public int linuxResource() {
        return linuxResource;
    }

    public static Optional<RLimitResource> fromWireName(String name) {
        for (RLimitResource r : values()) {
            if (r.wireName.equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
