package io.northstar.runtime.cgroups;

/** cgroup v1 (one hierarchy per controller or controller group) or v2 (the unified hierarchy). */
public enum CgroupVersion {
    V1,
    V2
}
