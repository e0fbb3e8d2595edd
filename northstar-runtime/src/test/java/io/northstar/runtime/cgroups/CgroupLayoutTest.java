package io.northstar.runtime.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CgroupLayoutTest {

    /** This build host: systemd hybrid with every controller on v1 and an empty unified hierarchy. */
    static final String HYBRID = """
            23 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda rw
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
            37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
            38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
            39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

    /** The VM: pure v2 with nsdelegate. */
    static final String UNIFIED = """
            1 0 0:2 / / rw - overlay overlay rw
            20 1 0:19 / /sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw
            25 20 0:24 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate
            """;

    /** Older distributions co-mount cpu and cpuacct (and mount both twice via symlinked paths). */
    static final String COMOUNTED = """
            30 23 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct
            31 23 0:26 / /sys/fs/cgroup/cpuacct,cpu rw,nosuid - cgroup cgroup rw,cpu,cpuacct
            32 23 0:27 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory
            """;

    @Test
    void hybridHostUsesV1ControllersAndIgnoresEmptyUnified() {
        CgroupLayout l = CgroupLayout.parse(HYBRID, p -> {
            assertEquals(Path.of("/sys/fs/cgroup/unified"), p);
            return Set.of();
        });
        assertEquals(5, l.hierarchies().size());
        for (Hierarchy h : l.hierarchies()) {
            assertEquals(CgroupVersion.V1, h.version());
        }
        assertEquals(Path.of("/sys/fs/cgroup/memory"), l.hierarchyOf(Controller.MEMORY).orElseThrow().mountPoint());
        assertEquals(Path.of("/sys/fs/cgroup/cpu"), l.hierarchyOf(Controller.CPU).orElseThrow().mountPoint());
        assertEquals(Path.of("/sys/fs/cgroup/cpuacct"), l.hierarchyOf(Controller.CPUACCT).orElseThrow().mountPoint());
        assertEquals(Path.of("/sys/fs/cgroup/blkio"), l.hierarchyOf(Controller.BLKIO).orElseThrow().mountPoint());
        assertEquals(Path.of("/sys/fs/cgroup/pids"), l.hierarchyOf(Controller.PIDS).orElseThrow().mountPoint());
        assertTrue(l.hierarchies().stream().noneMatch(h -> h.mountPoint().toString().contains("cpuset")));
        assertTrue(l.hierarchies().stream().noneMatch(h -> h.mountPoint().toString().contains("systemd")));
    }

    @Test
    void unifiedUsesControllersListedInTheRoot() {
        CgroupLayout l = CgroupLayout.parse(UNIFIED, p -> Set.of("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"));
        assertEquals(1, l.hierarchies().size());
        Hierarchy h = l.hierarchies().get(0);
        assertEquals(CgroupVersion.V2, h.version());
        assertEquals(Path.of("/sys/fs/cgroup"), h.mountPoint());
        assertEquals(Set.of(Controller.MEMORY, Controller.CPU, Controller.BLKIO, Controller.PIDS), h.controllers());
        assertFalse(l.has(Controller.CPUACCT));
        assertEquals("v2 cpu,io,memory,pids at /sys/fs/cgroup", l.describe());
    }

    @Test
    void unifiedWithoutMemoryControllerLacksMemory() {
        CgroupLayout l = CgroupLayout.parse(UNIFIED, p -> Set.of("cpu", "pids"));
        assertEquals(Optional.empty(), l.versionOf(Controller.MEMORY));
        assertEquals(Optional.of(CgroupVersion.V2), l.versionOf(Controller.CPU));
    }

    @Test
    void controllerOnlyInUnifiedOfAHybridSystemComesFromV2() {
        String mixed = HYBRID.replace("35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n", "");
        CgroupLayout l = CgroupLayout.parse(mixed, p -> Set.of("memory"));
        assertEquals(Optional.of(CgroupVersion.V2), l.versionOf(Controller.MEMORY));
        assertEquals(Path.of("/sys/fs/cgroup/unified"), l.hierarchyOf(Controller.MEMORY).orElseThrow().mountPoint());
        assertEquals(Optional.of(CgroupVersion.V1), l.versionOf(Controller.CPU));
    }

    @Test
    void comountedControllersShareOneHierarchyAndDuplicatesAreIgnored() {
        CgroupLayout l = CgroupLayout.parse(COMOUNTED, p -> Set.of());
        assertEquals(2, l.hierarchies().size());
        Hierarchy cpu = l.hierarchyOf(Controller.CPU).orElseThrow();
        assertEquals(cpu, l.hierarchyOf(Controller.CPUACCT).orElseThrow());
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), cpu.mountPoint());
        assertFalse(l.has(Controller.PIDS));
    }

    @Test
    void noCgroupsAtAll() {
        CgroupLayout l = CgroupLayout.parse("23 1 0:21 / / rw - ext4 /dev/vda rw\n", p -> Set.of());
        assertTrue(l.hierarchies().isEmpty());
        assertEquals("no usable cgroup controllers", l.describe());
    }

    @Test
    void mountPointEscapesAreDecoded() {
        String line = "35 31 0:32 / /mnt/my\\040cgroups\\134x rw - cgroup cgroup rw,memory\n";
        CgroupLayout l = CgroupLayout.parse(line, p -> Set.of());
        assertEquals(Path.of("/mnt/my cgroups\\x"), l.hierarchyOf(Controller.MEMORY).orElseThrow().mountPoint());
    }

    @Test
    void optionalFieldsBeforeTheSeparatorAreSkipped() {
        String line = "35 31 0:32 / /sys/fs/cgroup/memory rw,nosuid shared:17 master:3 - cgroup cgroup rw,memory\n";
        assertTrue(CgroupLayout.parse(line, p -> Set.of()).has(Controller.MEMORY));
    }

    @Test
    void malformedLineIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> CgroupLayout.parse("garbage line\n", p -> Set.of()));
    }

    @Test
    void thisSystemIsDetected() throws Exception {
        CgroupLayout l = CgroupLayout.detect();
        System.out.println("cgroup layout of this system: " + l.describe());
        for (Hierarchy h : l.hierarchies()) {
            assertTrue(h.mountPoint().resolve("cgroup.procs").toFile().exists(), h.toString());
        }
        // the map view is what the start-up log shows; every used controller is in one hierarchy only
        Map<Controller, Long> counts = new java.util.EnumMap<>(Controller.class);
        l.hierarchies().forEach(h -> h.controllers().forEach(c -> counts.merge(c, 1L, Long::sum)));
        counts.values().forEach(n -> assertEquals(1L, n));
    }
}
