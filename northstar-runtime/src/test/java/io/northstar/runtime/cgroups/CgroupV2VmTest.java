package io.northstar.runtime.cgroups;

import static io.northstar.runtime.cgroups.CgroupTestSupport.assertControlFiles;
import static io.northstar.runtime.cgroups.CgroupTestSupport.assumeController;
import static io.northstar.runtime.cgroups.CgroupTestSupport.forkBeyondThePidsLimit;
import static io.northstar.runtime.cgroups.CgroupTestSupport.oomKill;
import static io.northstar.runtime.cgroups.CgroupTestSupport.output;
import static io.northstar.runtime.cgroups.CgroupTestSupport.read;
import static io.northstar.runtime.cgroups.CgroupTestSupport.startIn;
import static io.northstar.runtime.cgroups.CgroupTestSupport.uniqueTopLevel;
import static io.northstar.runtime.cgroups.CgroupTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * cgroup v2 against a real kernel: runs in shared/vm/run-in-vm (pure v2); on hosts without v2
 * memory/cpu controllers every test is skipped with the reason.
 */
@Tag("vm")
class CgroupV2VmTest {

    final List<CgroupManager> managers = new ArrayList<>();
    final List<Path> mustVanish = new ArrayList<>();

    CgroupManager start(String test, Controller needed) throws Exception {
        CgroupLayout layout = assumeController(needed, CgroupVersion.V2);
        CgroupManager m = CgroupManager.start(uniqueTopLevel(test), layout, Duration.ofSeconds(30));
        managers.add(m);
        mustVanish.add(layout.hierarchyOf(needed).orElseThrow().mountPoint().resolve(m.topLevel()));
        return m;
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (CgroupManager m : managers) {
            m.close();
        }
        for (Path p : mustVanish) {
            assertFalse(Files.exists(p), p + " left behind");
        }
    }

    @Test
    void topLevelEnablesControllersForContainerGroups() throws Exception {
        CgroupManager m = start("top", Controller.MEMORY);
        Path top = m.layout().hierarchyOf(Controller.MEMORY).orElseThrow().mountPoint().resolve(m.topLevel());
        CgroupHandle h = m.create("c", CgroupSettings.none());
        String subtree = Files.readString(top.resolve("cgroup.subtree_control"));
        for (String c : List.of("memory", "cpu", "pids")) {
            assertTrue(subtree.contains(c), c + " not enabled in " + top + ": " + subtree);
        }
        assertEquals(1, h.procsFiles().size());
        assertEquals(top.resolve("c/cgroup.procs"), h.procsFiles().get(0));
        Process p = startIn(h, "cat", "/proc/self/cgroup");
        String out = output(p);
        assertEquals(0, waitFor(p), out);
        assertEquals("0::/" + h.name() + "\n", out);
        m.destroy(h);
        assertFalse(Files.exists(top.resolve("c")));
    }

    @Test
    void settingsAreWrittenToTheV2Files() throws Exception {
        CgroupManager m = start("settings", Controller.MEMORY);
        var memory = new CgroupSettings.Memory(false, 64L << 20, 16L << 20, 1000L, null, null, 0L, Map.of("memory.high", "50331648"));
        var cpu = new CgroupSettings.Cpu(2048L, 25_000L, null, null, null, null, null, Map.of());
        CgroupHandle h = m.create("settings", new CgroupSettings(null, memory, cpu, null, new CgroupSettings.Pids(42L)));
        Path d = h.directories().get(0);
        assertControlFiles(d, Map.of("memory.max", String.valueOf(64L << 20), "memory.low", String.valueOf(16L << 20),
                "memory.high", "50331648", "cpu.weight", "79", "cpu.max", "25000 100000", "pids.max", "42"));
        if (Files.exists(d.resolve("memory.swap.max"))) {
            // swappiness 0 must not have become a zero swap limit
            assertEquals("max", read(d, "memory.swap.max"));
        }
        m.destroy(h);
    }

    @Test
    void invalidValueFailsTheCreateAndLeavesNothing() throws Exception {
        CgroupManager m = start("invalid", Controller.CPU);
        var cpu = new CgroupSettings.Cpu(null, 100L, null, null, null, null, null, Map.of());
        CgroupException e = assertThrows(CgroupException.class, () -> m.create("bad", new CgroupSettings(null, null, cpu, null, null)));
        assertTrue(e.getMessage().contains("cpu.max") && e.getMessage().contains("Invalid argument"), e.getMessage());
        Path top = m.layout().hierarchyOf(Controller.CPU).orElseThrow().mountPoint().resolve(m.topLevel());
        assertFalse(Files.exists(top.resolve("bad")));
    }

    @Test
    void oomKillOfA20MegabyteProcessIsReported() throws Exception {
        CgroupManager m = start("oom", Controller.MEMORY);
        CgroupTestSupport.OomKill oom = oomKill(m, Duration.ofSeconds(30));
        CgroupHandle h = oom.handle();
        List<MemoryEvent> events = oom.events();
        MemoryEvent kill = events.stream().filter(e -> e.oomKill() != null && e.oomKill() >= 1).findFirst()
                .orElseThrow(() -> new AssertionError("no event with oom_kill >= 1: " + events));
        assertTrue(kill.oom() >= 1, kill.toString());
        assertTrue(kill.max() >= 1, kill.toString());
        assertEquals(0L, kill.low());
        CgroupStatistics s = m.statistics(h);
        assertTrue(s.memory().memory().oomControl().oomKill() >= 1, s.memory().toString());
        assertEquals(20L << 20, s.memory().memory().limitInBytes());
        assertTrue(s.memory().events().get("oom_kill") >= 1);
        m.destroy(h);
        assertFalse(oom.monitor().isRunning());
    }

    @Test
    void cpuMaxThrottlingIsVisibleInStatistics() throws Exception {
        CgroupManager m = start("cpu", Controller.CPU);
        CgroupHandle h = m.create("busy", new CgroupSettings(null, null, CgroupSettings.Cpu.quota(10_000, 100_000), null, null));
        Process p = startIn(h, "sh", "-c", "i=0; while [ $i -lt 5000 ]; do i=$((i+1)); done");
        assertEquals(0, waitFor(p));
        CgroupStatistics s = m.statistics(h);
        assertTrue(s.cpu().throttledPeriods() > 0, s.cpu().stat());
        assertTrue(s.cpu().values().get("nr_periods") > 0, s.cpu().stat());
        assertTrue(s.cpu().usageNanos() > 0, s.cpu().stat());
        assertTrue(((String) ((Map<?, ?>) s.toJson().get("cpu")).get("stat")).contains("nr_throttled"));
        m.destroy(h);
    }

    @Test
    void pidsLimitStopsForks() throws Exception {
        CgroupManager m = start("pids", Controller.PIDS);
        CgroupHandle h = forkBeyondThePidsLimit(m);
        CgroupStatistics s = m.statistics(h);
        assertEquals(4, s.pids().max());
        assertTrue(s.pids().events().getOrDefault("max", 0L) > 0, s.pids().toString());
        m.destroy(h);
    }

    @Test
    void destroyKillsLeftoversWithCgroupKill() throws Exception {
        CgroupManager m = start("leftover", Controller.MEMORY);
        CgroupHandle h = m.create("leftover", CgroupSettings.none());
        Process p = startIn(h, "sh", "-c", "sleep 600 & sleep 600 & wait");
        for (int i = 0; i < 3000 && m.pids(h).size() < 3; i++) {
            Thread.sleep(10);
        }
        assertEquals(3, m.pids(h).size());
        m.destroy(h);
        assertEquals(128 + 9, waitFor(p));
        assertFalse(Files.exists(h.directories().get(0)));
    }

    @Test
    void ioMaxIsWrittenPerDevice() throws Exception {
        CgroupManager m = start("io", Controller.BLKIO);
        long[] d = CgroupTestSupport.someBlockDevice();
        var blkio = new CgroupSettings.Blkio(null, null, List.of(),
                List.of(new CgroupSettings.ThrottleDevice(d[0], d[1], 1_048_576)), List.of(),
                List.of(), List.of(new CgroupSettings.ThrottleDevice(d[0], d[1], 100)), Map.of());
        CgroupHandle h = m.create("blk", new CgroupSettings(null, null, null, blkio, null));
        String ioMax = read(h.directories().get(0), "io.max");
        assertEquals(d[0] + ":" + d[1] + " rbps=1048576 wbps=max riops=max wiops=100", ioMax);
        m.destroy(h);
    }

    @Test
    void statisticsJsonHasTheNorthstarKeys() throws Exception {
        CgroupManager m = start("json", Controller.MEMORY);
        CgroupHandle h = m.create("json", new CgroupSettings(null, CgroupSettings.Memory.limit(64L << 20, false), null, null,
                new CgroupSettings.Pids(10L)));
        Process p = startIn(h, "true");
        assertEquals(0, waitFor(p));
        Map<String, Object> json = m.statistics(h).toJson();
        assertEquals(List.of("cpu", "memory", "blkio", "pids"), new ArrayList<>(json.keySet()));
        Map<?, ?> memory = (Map<?, ?>) ((Map<?, ?>) json.get("memory")).get("memory");
        assertEquals(64L << 20, memory.get("limit_in_bytes"));
        assertTrue(((Map<?, ?>) memory.get("stat")).containsKey("anon"), memory.toString());
        assertEquals(Map.of("current", 0L, "max", 10L), json.get("pids"));
        m.destroy(h);
    }
}
