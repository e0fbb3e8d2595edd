package io.northstar.runtime.cgroups;

import java.util.Locale;
import java.util.Optional;

/**
 * The cgroup controllers the runtime uses. Northstar uses memory, cpu, cpuacct and blkio/io;
 * pids is ours (a process count limit). cpuset, devices, freezer and the rest are never touched.
 */
public enum Controller {
    MEMORY,
    CPU,
    /** v1 only: v2 folds the accounting into {@code cpu.stat}. */
    CPUACCT,
    BLKIO,
    PIDS;

    /** Name as it appears in the super options of a v1 mount, e.g. {@code cpu}: the constant's name. */
    public String v1Name() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Name in {@code cgroup.controllers} / {@code cgroup.subtree_control}; empty for v1-only controllers. */
    public Optional<String> v2Name() {
        return switch (this) {
            case MEMORY, CPU, PIDS -> Optional.of(v1Name());
            case BLKIO -> Optional.of("io");
            case CPUACCT -> Optional.empty();
        };
    }

    public String nameIn(CgroupVersion version) {
        return version == CgroupVersion.V1 ? v1Name() : v2Name().orElse(null);
    }
}
