package io.northstar.runtime.sandbox;

/**
 * One setrlimit(2) call. {@link #INFINITY} (all bits set, RLIM_INFINITY as
 * an unsigned 64-bit value) means unlimited.
 */
public record Rlimit(int resource, long soft, long hard) {
    public static final long INFINITY = -1L;

    public Rlimit {
        if (resource < 0) {
            throw new IllegalArgumentException("rlimit resource " + resource);
        }
    }
}
