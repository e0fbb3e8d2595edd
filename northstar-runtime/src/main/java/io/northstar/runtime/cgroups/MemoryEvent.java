package io.northstar.runtime.cgroups;

import java.util.OptionalLong;

import io.northstar.console.MemoryNotification;

/**
 * A memory event of a container's group, the payload of the console's {@code c_group}
 * notification ({@code {"memory":{"low":..,"high":..,"max":..,"oom":..,"oom_kill":..}}}).
 * Null = unknown on this cgroup version.
 *
 * <p>v2: the counters of {@code memory.events} at the time of the change. v1: {@code oom} is the
 * number of OOM notifications the monitor received so far and {@code oom_kill} the counter of
 * {@code memory.oom_control}; low/high/max do not exist.
 */
public record MemoryEvent(Long low, Long high, Long max, Long oom, Long oomKill) {

    /** The payload of the console's {@code c_group} notification. */
    public MemoryNotification toNotification() {
        return new MemoryNotification(opt(low), opt(high), opt(max), opt(oom), opt(oomKill));
    }

    private static OptionalLong opt(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
