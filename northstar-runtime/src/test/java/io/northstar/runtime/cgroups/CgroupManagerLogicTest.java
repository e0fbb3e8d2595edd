package io.northstar.runtime.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The logic of {@link CgroupManager} against the cgroupfs double (docs/kernel.md): creation and
 * rollback, stale groups, draining, rmdir retries, manifest parents, v2 controller enabling, without
 * root. {@link CgroupV1Test} and {@link CgroupV2VmTest} run the same manager on real kernels.
 */
class CgroupManagerLogicTest {
    static final Path MEMORY = Path.of("/sys/fs/cgroup/memory");
    static final Path CPU = Path.of("/sys/fs/cgroup/cpu,cpuacct");
    static final Path V2 = Path.of("/sys/fs/cgroup/unified");
    static final CgroupLayout V1_LAYOUT = new CgroupLayout(List.of(
            new Hierarchy.V1(MEMORY, Set.of(Controller.MEMORY)),
            new Hierarchy.V1(CPU, Set.of(Controller.CPU, Controller.CPUACCT))));

    final FakeCgroupFs fs = new FakeCgroupFs()
            .hierarchy(MEMORY, "memory.limit_in_bytes")
            .hierarchy(CPU, "cpu.shares", "cpu.cfs_quota_us", "cpu.cfs_period_us");

    CgroupManager start() throws CgroupException {
        return CgroupManager.start("northstar", V1_LAYOUT, Duration.ofMillis(200), fs);
    }

    static CgroupSettings memoryLimit(String parent, long bytes) {
        return new CgroupSettings(parent, CgroupSettings.Memory.limit(bytes, false), null, null, null);
    }

    @Test
    void theTopLevelGroupIsMadeInEveryHierarchyAndRemovedOnClose() throws Exception {
        CgroupManager m = start();
        assertTrue(fs.isDirectory(MEMORY.resolve("northstar")));
        assertTrue(fs.isDirectory(CPU.resolve("northstar")));
        m.close();
        assertEquals(Set.of(MEMORY, CPU), fs.groups());
    }

    @Test
    void aGroupGetsItsSettingsAndIsRemovedOnDestroy() throws Exception {
        CgroupManager m = start();
        CgroupHandle h = m.create("hello", memoryLimit(null, 1 << 20));
        assertEquals("northstar/hello", h.name());
        assertEquals(String.valueOf(1 << 20), fs.content(MEMORY.resolve("northstar/hello/memory.limit_in_bytes")));
        m.join(h, 42);
        assertEquals(List.of(42L), m.pids(h));
        assertEquals(List.of(42L), fs.readPids(CPU.resolve("northstar/hello/cgroup.procs")), "every hierarchy");
        m.destroy(h);
        assertTrue(fs.calls().contains("kill 42"), "v1 has no cgroup.kill: the leftover is killed by pid");
        assertFalse(fs.isDirectory(MEMORY.resolve("northstar/hello")));
        assertFalse(fs.isDirectory(CPU.resolve("northstar/hello")));
        m.close();
    }

    @Test
    void aRefusedValueFailsTheCreateWithFileAndReasonAndLeavesNothing() throws Exception {
        CgroupManager m = start();
        fs.refuse("memory.limit_in_bytes", FakeCgroupFs.EINVAL);
        CgroupException e = assertThrows(CgroupException.class, () -> m.create("hello", memoryLimit(null, 1)));
        assertEquals("creating cgroup northstar/hello: writing \"1\" to " + MEMORY.resolve(
                "northstar/hello/memory.limit_in_bytes") + ": " + FakeCgroupFs.EINVAL, e.getMessage());
        assertEquals(Set.of(MEMORY, CPU, MEMORY.resolve("northstar"), CPU.resolve("northstar")), fs.groups());
        m.close();
    }

    @Test
    void aStaleEmptyGroupIsReplacedAndOneWithProcessesRefused() throws Exception {
        CgroupManager m = start();
        fs.process(MEMORY.resolve("northstar/stale"), 7);
        fs.kill(7);
        CgroupHandle replaced = m.create("stale", CgroupSettings.none());
        assertTrue(fs.calls().contains("rmdir " + MEMORY.resolve("northstar/stale")));
        m.destroy(replaced);

        fs.process(MEMORY.resolve("northstar/busy"), 8);
        CgroupException e = assertThrows(CgroupException.class, () -> m.create("busy", CgroupSettings.none()));
        assertEquals("creating cgroup northstar/busy: " + MEMORY.resolve("northstar/busy")
                + " exists and holds processes [8]", e.getMessage());
        assertTrue(fs.isDirectory(MEMORY.resolve("northstar/busy")), "somebody's processes: left alone");
        assertFalse(fs.isDirectory(CPU.resolve("northstar/busy")), "what this create made is removed again");
    }

    @Test
    void rmdirIsRetriedWhileTheGroupDrainsThenGivesUpWithTheReason() throws Exception {
        CgroupManager m = start();
        CgroupHandle draining = m.create("draining", CgroupSettings.none());
        fs.busy(MEMORY.resolve("northstar/draining"), 2);
        m.destroy(draining);
        assertEquals(3, fs.calls().stream().filter(c -> c.equals("rmdir " + MEMORY.resolve("northstar/draining")))
                .count(), "two EBUSY, then removed");

        CgroupHandle stuck = m.create("stuck", CgroupSettings.none());
        fs.busy(MEMORY.resolve("northstar/stuck"), 100);
        CgroupException e = assertThrows(CgroupException.class, () -> m.destroy(stuck));
        assertEquals("removing cgroup northstar/stuck: rmdir " + MEMORY.resolve("northstar/stuck") + ": "
                + FakeCgroupFs.EBUSY, e.getMessage());
        assertEquals(5, fs.calls().stream().filter(c -> c.equals("rmdir " + MEMORY.resolve("northstar/stuck")))
                .count(), "Northstar's schedule: the first try and four retries (10, 20, 40, 80 ms)");
        assertFalse(fs.isDirectory(CPU.resolve("northstar/stuck")), "the other hierarchies are still cleaned up");
    }

    @Test
    void aProcessThatSurvivesSigkillFailsTheDestroyAfterTheDrainTimeout() throws Exception {
        CgroupManager m = start();
        CgroupHandle h = m.create("hello", CgroupSettings.none());
        m.join(h, 99);
        fs.unkillable(99);
        CgroupException e = assertThrows(CgroupException.class, () -> m.destroy(h));
        assertTrue(e.getMessage().startsWith("removing cgroup northstar/hello: " + MEMORY.resolve("northstar/hello")
                + " still holds processes [99] after SIGKILL"), e.getMessage());
        CgroupException refused = assertThrows(CgroupException.class, m::close);
        assertTrue(refused.getMessage().contains("rmdir " + MEMORY.resolve("northstar")), refused.getMessage());
    }

    @Test
    void aManifestParentIsMadeBelowTheRootAndRemovedWhenItsLastGroupGoes() throws Exception {
        CgroupManager m = start();
        CgroupHandle a = m.create("a", memoryLimit("/apps/critical", 4096));
        CgroupHandle b = m.create("b", memoryLimit("/apps/critical", 4096));
        assertEquals("apps/critical/a", a.name());
        m.destroy(a);
        assertTrue(fs.isDirectory(MEMORY.resolve("apps/critical")), "b still uses it");
        m.destroy(b);
        assertFalse(fs.isDirectory(MEMORY.resolve("apps")));
        assertFalse(fs.isDirectory(CPU.resolve("apps")));

        fs.process(MEMORY.resolve("foreign/x"), 5);
        CgroupException e = assertThrows(CgroupException.class, () -> m.create("x", memoryLimit("foreign", 1)));
        assertEquals("creating cgroup foreign/x: " + MEMORY.resolve("foreign/x") + " exists already", e.getMessage());
        m.close();
    }

    @Test
    void v2EnablesOurControllersOnTheWayDownAndKillsWithCgroupKill() throws Exception {
        FakeCgroupFs v2 = new FakeCgroupFs().hierarchy(V2, "cgroup.controllers", "cgroup.subtree_control",
                "cgroup.kill", "memory.max").file(V2.resolve("cgroup.controllers"), "cpu memory pids");
        CgroupLayout layout = new CgroupLayout(List.of(new Hierarchy.V2(V2, Set.of(Controller.MEMORY))));
        CgroupManager m = CgroupManager.start("northstar", layout, Duration.ofMillis(200), v2);
        assertEquals("+memory", v2.content(V2.resolve("cgroup.subtree_control")));
        CgroupHandle h = m.create("hello", memoryLimit(null, 8192));
        assertEquals("8192", v2.content(V2.resolve("northstar/hello/memory.max")));
        m.join(h, 11);
        m.destroy(h);
        assertTrue(v2.calls().contains("write " + V2.resolve("northstar/hello/cgroup.kill") + " 1"));
        assertFalse(v2.calls().contains("kill 11"), "cgroup.kill, not one signal per pid");
        m.close();
        assertEquals(Set.of(V2), v2.groups());
    }

    @Test
    void closeRefusesWhileContainerGroupsLive() throws Exception {
        CgroupManager m = start();
        m.create("left", CgroupSettings.none());
        CgroupException e = assertThrows(CgroupException.class, m::close);
        assertTrue(e.getMessage().startsWith("removing top-level cgroup northstar: container cgroups still exist: "
                + "[northstar/left]"), e.getMessage());
        CgroupException after = assertThrows(CgroupException.class, () -> m.create("late", CgroupSettings.none()));
        assertEquals("creating cgroup of late: the cgroup manager is shut down", after.getMessage());
    }
}
