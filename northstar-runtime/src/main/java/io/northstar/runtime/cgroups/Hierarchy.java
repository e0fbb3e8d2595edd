package io.northstar.runtime.cgroups;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * One mounted cgroup hierarchy and the controllers of interest it holds. On v1 several
 * controllers can share a hierarchy (e.g. {@code cpu,cpuacct} co-mounted); on v2 there is one
 * hierarchy for all.
 */
public sealed interface Hierarchy {

    Path mountPoint();

    Set<Controller> controllers();

    default CgroupVersion version() {
        return switch (this) {
            case V1 v1 -> CgroupVersion.V1;
            case V2 v2 -> CgroupVersion.V2;
        };
    }

    /**
     * Whether its groups have {@code cpu.rt_runtime_us}: real-time group scheduling exists only in
     * a v1 hierarchy with the cpu controller (v2 has no interface for it).
     */
    default boolean hasRealtimeBudget() {
        return switch (this) {
            case V1 v1 -> v1.controllers().contains(Controller.CPU);
            case V2 v2 -> false;
        };
    }

    /** The file a pid is written to so that the process joins a group of this hierarchy. */
    default String procsFile() {
        return "cgroup.procs";
    }

    record V1(Path mountPoint, Set<Controller> controllers) implements Hierarchy {
        public V1 {
            Objects.requireNonNull(mountPoint, "mountPoint");
            controllers = Set.copyOf(controllers);
        }
    }

    record V2(Path mountPoint, Set<Controller> controllers) implements Hierarchy {
        public V2 {
            Objects.requireNonNull(mountPoint, "mountPoint");
            controllers = Set.copyOf(controllers);
        }
    }
}
