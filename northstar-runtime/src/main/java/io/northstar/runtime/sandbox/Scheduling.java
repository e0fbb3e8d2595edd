package io.northstar.runtime.sandbox;

import io.northstar.manifest.SchedPolicy;
import java.util.OptionalInt;

/**
 * sched_setscheduler(policy, priority) for the application (never init),
 * then setpriority(nice) when a nice value is given.
 */
public record Scheduling(int policy, int priority, OptionalInt nice) {
    // the policy numbers are the manifest policy kinds', under the names sched(7) gives them
    public static final int SCHED_OTHER = SchedPolicy.Kind.OTHER.linuxPolicy();
    public static final int SCHED_FIFO = SchedPolicy.Kind.FIFO.linuxPolicy();
    public static final int SCHED_RR = SchedPolicy.Kind.ROUND_ROBIN.linuxPolicy();
    public static final int SCHED_BATCH = SchedPolicy.Kind.BATCH.linuxPolicy();
    public static final int SCHED_IDLE = SchedPolicy.Kind.IDLE.linuxPolicy();
    public static final int SCHED_DEADLINE = SchedPolicy.Kind.DEADLINE.linuxPolicy();
}
