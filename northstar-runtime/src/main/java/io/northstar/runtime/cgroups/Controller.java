package io.northstar.runtime.cgroups;

import java.util.Optional;

/**
 * The cgroup controllers the runtime uses. Northstar uses memory, cpu, cpuacct and blkio/io;
 * pids is ours (a process count limit). cpuset, devices, freezer and the rest are never touched.
 */
public enum Controller {
    MEMORY("memory", "memory"),
    CPU("cpu", "cpu"),
    /** v1 only: v2 folds the accounting into {@code cpu.stat}. */
    CPUACCT("cpuacct", null),
    BLKIO("blkio", "io"),
    PIDS("pids", "pids");

    private final String v1Name;
    private final String v2Name;

    Controller(String v1Name, String v2Name) {
        this.v1Name = v1Name;
        this.v2Name = v2Name;
    }

    /** Name as it appears in the super options of a v1 mount, e.g. {@code cpu}. */
    public String v1Name() {
        return v1Name;
    }

    /** Name in {@code cgroup.controllers} / {@code cgroup.subtree_control}; empty for v1-only controllers. */
    public Optional<String> v2Name() {
        return Optional.ofNullable(v2Name);
    }

    public String nameIn(CgroupVersion version) {
        return version == CgroupVersion.V1 ? v1Name : v2Name;
    }
}
