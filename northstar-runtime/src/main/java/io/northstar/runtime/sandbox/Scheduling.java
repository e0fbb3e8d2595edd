package io.northstar.runtime.sandbox;

import java.util.OptionalInt;

/**
 * sched_setscheduler(policy, priority) for the application (never init),
 * then setpriority(nice) when a nice value is given.
 */
public record Scheduling(int policy, int priority, OptionalInt nice) {
    public static final int SCHED_OTHER = 0;
    public static final int SCHED_FIFO = 1;
    public static final int SCHED_RR = 2;
    public static final int SCHED_BATCH = 3;
    public static final int SCHED_IDLE = 5;
    public static final int SCHED_DEADLINE = 6;
}
