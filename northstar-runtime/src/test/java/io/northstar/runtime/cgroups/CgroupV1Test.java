package io.northstar.runtime.cgroups;

import static io.northstar.runtime.cgroups.CgroupTestSupport.assertControlFiles;
import static io.northstar.runtime.cgroups.CgroupTestSupport.assumeController;
import static io.northstar.runtime.cgroups.CgroupTestSupport.forkBeyondThePidsLimit;
import static io.northstar.runtime.cgroups.CgroupTestSupport.memeater;
import static io.northstar.runtime.cgroups.CgroupTestSupport.oomKill;
import static io.northstar.runtime.cgroups.CgroupTestSupport.output;
import static io.northstar.runtime.cgroups.CgroupTestSupport.read;
import static io.northstar.runtime.cgroups.CgroupTestSupport.startIn;
import static io.northstar.runtime.cgroups.CgroupTestSupport.uniqueTopLevel;
import static io.northstar.runtime.cgroups.CgroupTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** cgroup v1 against the real kernel of this host (memory, cpu, cpuacct, blkio, pids on v1). */
class CgroupV1Test {

    final List<CgroupManager> managers = new ArrayList<>();
    final List<Path> mustVanish = new ArrayList<>();

    CgroupManager start(String test) throws Exception {
        CgroupLayout layout = assumeController(Controller.MEMORY, CgroupVersion.V1);
        CgroupManager m = CgroupManager.start(uniqueTopLevel(test), layout, Duration.ofSeconds(10));
        managers.add(m);
        layout.hierarchies().forEach(h -> mustVanish.add(h.mountPoint().resolve(m.topLevel())));
        return m;
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (CgroupManager m : managers) {
            try {
                m.close();
            } catch (CgroupException e) {
                // a failed test may leave container groups: remove them, then fail loudly below
                for (Path top : mustVanish) {
                    if (Files.isDirectory(top)) {
                        try (var children = Files.list(top)) {
                            for (Path c : children.filter(Files::isDirectory).toList()) {
                                Files.readAllLines(c.resolve("cgroup.procs"))
                                        .forEach(pid -> ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly));
                                Thread.sleep(100);
                                Files.delete(c);
                            }
                        }
                        Files.delete(top);
                    }
                }
                throw e;
            }
        }
        for (Path p : mustVanish) {
            assertFalse(Files.exists(p), p + " left behind");
        }
    }

    @Test
    void topLevelGroupIsCreatedInEveryHierarchyAndRemovedOnShutdown() throws Exception {
        CgroupManager m = start("top");
        for (Hierarchy h : m.layout().hierarchies()) {
            Path top = h.mountPoint().resolve(m.topLevel());
            assertTrue(Files.isDirectory(top), top.toString());
            assertTrue(Files.exists(top.resolve("cgroup.procs")));
        }
        m.close();
        for (Path p : mustVanish) {
            assertFalse(Files.exists(p), p.toString());
        }
    }

    @Test
    void settingsAreWrittenToTheV1Files() throws Exception {
        CgroupManager m = start("settings");
        var memory = new CgroupSettings.Memory(false, 64L << 20, 32L << 20, null, null, null, 10L, Map.of());
        var cpu = new CgroupSettings.Cpu(512L, 30_000L, 200_000L, null, null, null, null, Map.of("cpu.cfs_burst_us", "1000"));
        CgroupHandle h = m.create("settings", new CgroupSettings(null, memory, cpu, null, new CgroupSettings.Pids(33L)));
        h.directories().forEach(mustVanish::add);
        Path mem = h.directoryOf(Controller.MEMORY).orElseThrow();
        Path cpuDir = h.directoryOf(Controller.CPU).orElseThrow();
        assertEquals(Path.of("/sys/fs/cgroup/memory").resolve(m.topLevel()).resolve("settings"), mem);
        assertEquals(m.topLevel() + "/settings", h.name());
        assertControlFiles(mem, Map.of("memory.limit_in_bytes", String.valueOf(64L << 20),
                "memory.soft_limit_in_bytes", String.valueOf(32L << 20), "memory.swappiness", "10"));
        assertControlFiles(cpuDir, Map.of("cpu.shares", "512", "cpu.cfs_period_us", "200000", "cpu.cfs_quota_us", "30000",
                "cpu.cfs_burst_us", "1000"));
        assertControlFiles(h.directoryOf(Controller.PIDS).orElseThrow(), Map.of("pids.max", "33"));
        assertEquals(5, h.procsFiles().size());
        m.destroy(h);
        for (Path d : h.directories()) {
            assertFalse(Files.exists(d), d.toString());
        }
    }

    @Test
    void invalidValueFailsTheCreateAndLeavesNothing() throws Exception {
        CgroupManager m = start("invalid");
        var cpu = new CgroupSettings.Cpu(null, 500L, null, null, null, null, null, Map.of()); // below the 1 ms minimum
        CgroupException e = assertThrows(CgroupException.class,
                () -> m.create("bad", new CgroupSettings(null, null, cpu, null, null)));
        assertTrue(e.getMessage().contains("cpu.cfs_quota_us") && e.getMessage().contains("Invalid argument"), e.getMessage());
        assertTrue(e.getMessage().startsWith("creating cgroup " + m.topLevel() + "/bad"), e.getMessage());
        for (Hierarchy h : m.layout().hierarchies()) {
            assertFalse(Files.exists(h.mountPoint().resolve(m.topLevel()).resolve("bad")));
        }
        var attr = new CgroupSettings.Memory(false, null, null, null, null, null, null, Map.of("memory.no_such_file", "1"));
        e = assertThrows(CgroupException.class, () -> m.create("bad", new CgroupSettings(null, attr, null, null, null)));
        assertTrue(e.getMessage().contains("memory.no_such_file: no such file"), e.getMessage());
        assertThrows(CgroupException.class, () -> m.create("../escape", CgroupSettings.none()));
        assertThrows(CgroupException.class, () -> m.create("a/b", CgroupSettings.none()));
        for (Hierarchy h : m.layout().hierarchies()) {
            try (var s = Files.list(h.mountPoint().resolve(m.topLevel()))) {
                assertEquals(0, s.filter(Files::isDirectory).count(), "groups left in " + h.mountPoint());
            }
        }
    }

    @Test
    void processJoinsEveryHierarchyBeforeExec() throws Exception {
        CgroupManager m = start("join");
        CgroupHandle h = m.create("join", CgroupSettings.none());
        Process p = startIn(h, "cat", "/proc/self/cgroup");
        String out = output(p);
        assertEquals(0, waitFor(p), out);
        for (Controller c : List.of(Controller.MEMORY, Controller.CPU, Controller.CPUACCT, Controller.PIDS, Controller.BLKIO)) {
            assertTrue(out.contains(":" + c.v1Name() + ":/" + h.name() + "\n"), c + " in " + out);
        }
        m.destroy(h);
    }

    @Test
    void destroyKillsLeftoversWaitsAndRemoves() throws Exception {
        CgroupManager m = start("leftover");
        CgroupHandle h = m.create("leftover", CgroupSettings.none());
        h.directories().forEach(mustVanish::add);
        Process p = startIn(h, "sh", "-c", "sleep 600 & sleep 600 & wait");
        for (int i = 0; i < 500 && m.pids(h).size() < 3; i++) {
            Thread.sleep(10);
        }
        assertEquals(3, m.pids(h).size(), m.pids(h).toString());
        m.destroy(h);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(128 + 9, p.exitValue());
        for (Path d : h.directories()) {
            assertFalse(Files.exists(d), d.toString());
        }
    }

    @Test
    void oomKillOfA20MegabyteProcessIsReported() throws Exception {
        CgroupManager m = start("oom");
        CgroupTestSupport.OomKill oom = oomKill(m, Duration.ofSeconds(10));
        CgroupHandle h = oom.handle();
        List<MemoryEvent> events = oom.events();
        MemoryEvent last = events.get(events.size() - 1);
        assertTrue(last.oomKill() >= 1, events.toString());
        assertTrue(last.oom() >= 1, events.toString());
        assertEquals(null, last.low());
        CgroupStatistics stats = m.statistics(h);
        assertTrue(stats.memory().memory().oomControl().oomKill() >= 1);
        assertEquals(20L << 20, stats.memory().memory().limitInBytes());
        assertTrue(stats.memory().memory().maxUsageInBytes() > 10L << 20, stats.memory().toString());
        assertTrue(stats.memory().memory().failCnt() > 0);
        m.destroy(h);
        assertFalse(oom.monitor().isRunning(), "destroy stops the monitor");
    }

    @Test
    void cpuQuotaThrottlingAndPidsAreVisibleInStatistics() throws Exception {
        CgroupManager m = start("stats");
        var cpu = CgroupSettings.Cpu.quota(10_000, 100_000); // 10 % of one CPU
        CgroupHandle h = m.create("busy", new CgroupSettings(null, null, cpu, null, new CgroupSettings.Pids(100L)));
        // ~0.2 s of CPU time in one process: at 10 % it spans many throttled periods
        Process p = startIn(h, "sh", "-c", "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done");
        assertEquals(0, waitFor(p));
        CgroupStatistics s = m.statistics(h);
        assertTrue(s.cpu().throttledPeriods() > 0, s.cpu().stat());
        assertTrue(s.cpu().usageNanos() >= 20_000_000L, "cpuacct.usage " + s.cpu().usageNanos());
        assertEquals(100, s.pids().max());
        assertEquals(0, s.pids().current());
        assertNotNull(s.blkio());
        Map<String, Object> json = s.toJson();
        assertEquals(List.of("cpu", "memory", "blkio", "pids"), new ArrayList<>(json.keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Object> memory = (Map<String, Object>) json.get("memory");
        assertEquals(List.of("memory", "kmem", "kmem_tcp"), new ArrayList<>(memory.keySet()));
        m.destroy(h);
    }

    @Test
    void pidsLimitStopsForks() throws Exception {
        CgroupManager m = start("pids");
        CgroupHandle h = forkBeyondThePidsLimit(m);
        CgroupStatistics s = m.statistics(h);
        assertTrue(s.pids().events().getOrDefault("max", 0L) > 0, s.pids().toString());
        m.destroy(h);
    }

    @Test
    void manifestParentIsRelativeToTheHierarchyRootAndRemovedWhenEmpty() throws Exception {
        CgroupManager m = start("parent");
        String parent = uniqueTopLevel("parent-p") + "/intense";
        CgroupSettings s = new CgroupSettings(parent, null, null, null, null);
        CgroupHandle h = m.create("cpueater", s);
        Path mem = h.directoryOf(Controller.MEMORY).orElseThrow();
        assertEquals(Path.of("/sys/fs/cgroup/memory", parent, "cpueater"), mem);
        Path parentRoot = Path.of("/sys/fs/cgroup/memory", parent).getParent();
        mustVanish.add(parentRoot);
        m.destroy(h);
        assertFalse(Files.exists(parentRoot), "parents created for the container are removed with it");
    }

    @Test
    void staleContainerGroupIsReplaced() throws Exception {
        CgroupManager m = start("stale");
        Path stale = m.layout().hierarchyOf(Controller.MEMORY).orElseThrow().mountPoint().resolve(m.topLevel()).resolve("stale");
        Files.createDirectory(stale);
        Files.writeString(stale.resolve("memory.limit_in_bytes"), "1048576");
        CgroupHandle h = m.create("stale", CgroupSettings.none());
        assertTrue(Long.parseLong(read(stale, "memory.limit_in_bytes")) > 1L << 40, "fresh group, not the stale limit");
        m.destroy(h);
    }

    @Test
    void closeRefusesWhileContainerGroupsExist() throws Exception {
        CgroupManager m = start("close");
        CgroupHandle h = m.create("still-there", CgroupSettings.none());
        CgroupException e = assertThrows(CgroupException.class, m::close);
        assertTrue(e.getMessage().contains("still-there"), e.getMessage());
        // the manager is closed now; remove by hand what it could not
        m.destroy(h);
        for (Hierarchy hh : m.layout().hierarchies()) {
            Files.delete(hh.mountPoint().resolve(m.topLevel()));
        }
    }

    @Test
    void realtimeContainersGetABudgetSoThatFifoWorks() throws Exception {
        CgroupManager m = start("rt");
        Path cpuTop = assumeRealtimeGroups(m);
        assertTrue(Files.isExecutable(Path.of("/usr/bin/chrt")), "chrt (util-linux) missing");
        assertEquals("0", read(cpuTop, "cpu.rt_runtime_us"));

        // without a budget SCHED_FIFO is refused in a fresh group: the reason for the budget
        CgroupHandle plain = m.create("plain", CgroupSettings.none());
        Process refused = startIn(plain, "chrt", "-f", "10", "true");
        String refusedOut = output(refused);
        assertTrue(waitFor(refused) != 0, "FIFO without budget must fail: " + refusedOut);

        CgroupHandle a = m.create("rt-a", new CgroupSettings(null, null, null, null, null, true));
        CgroupHandle b = m.create("rt-b", new CgroupSettings(null, null,
                new CgroupSettings.Cpu(null, null, null, 50_000L, null, null, null, Map.of()), null, null, true));
        assertEquals("100000", read(a.directoryOf(Controller.CPU).orElseThrow(), "cpu.rt_runtime_us"));
        assertEquals("50000", read(b.directoryOf(Controller.CPU).orElseThrow(), "cpu.rt_runtime_us"));
        assertEquals("150000", read(cpuTop, "cpu.rt_runtime_us"));
        Process fifo = startIn(a, "chrt", "-f", "10", "sh", "-c", "chrt -p $$");
        String out = output(fifo);
        assertEquals(0, waitFor(fifo), out);
        assertTrue(out.contains("SCHED_FIFO") && out.contains(": 10"), out);

        m.destroy(a);
        assertEquals("50000", read(cpuTop, "cpu.rt_runtime_us"));
        m.destroy(b);
        m.destroy(plain);
        assertEquals("0", read(cpuTop, "cpu.rt_runtime_us"));
    }

    @Test
    void realtimeBudgetBeyondTheRootsIsAClearError() throws Exception {
        CgroupManager m = start("rt-big");
        Path cpuTop = assumeRealtimeGroups(m);
        var cpu = new CgroupSettings.Cpu(null, null, null, 990_000L, null, null, null, Map.of());
        CgroupException e = assertThrows(CgroupException.class,
                () -> m.create("greedy", new CgroupSettings(null, null, cpu, null, null, true)));
        assertTrue(e.getMessage().contains("reserving real-time budget"), e.getMessage());
        assertEquals("0", read(cpuTop, "cpu.rt_runtime_us"));
        assertFalse(Files.exists(cpuTop.resolve("greedy")));

        // a failure after the budget was granted gives it back
        // (blkio is written after the cpu budget)
        var late = new CgroupSettings.Blkio(null, null, List.of(), List.of(), List.of(), List.of(), List.of(),
                Map.of("blkio.no_such_file", "1"));
        e = assertThrows(CgroupException.class, () -> m.create("late", new CgroupSettings(null, null, null, late, null, true)));
        assertTrue(e.getMessage().contains("blkio.no_such_file"), e.getMessage());
        assertEquals("0", read(cpuTop, "cpu.rt_runtime_us"));
        assertFalse(Files.exists(cpuTop.resolve("late")));
    }

    @Test
    void createWithOomMonitorStartsItAndAMonitorCanBeClosedFromItsCallback() throws Exception {
        CgroupManager m = start("oom-cb");
        Path eater = memeater();
        List<MemoryEvent> events = new CopyOnWriteArrayList<>();
        MemoryMonitor[] self = new MemoryMonitor[1];
        CgroupHandle h = m.create("eater", new CgroupSettings(null, CgroupSettings.Memory.limit(20L << 20, true), null, null, null),
                e -> {
                    events.add(e);
                    self[0].close();
                });
        // the monitor create() started is the one registered for the handle
        self[0] = m.monitorMemory(h, e -> {
            events.add(e);
            self[0].close();
        });
        Process p = startIn(h, eater.toString(), "200");
        output(p);
        assertEquals(128 + 9, waitFor(p));
        for (int i = 0; i < 1000 && (events.isEmpty() || self[0].isRunning()); i++) {
            Thread.sleep(10);
        }
        assertEquals(1, events.size(), events.toString());
        assertFalse(self[0].isRunning(), "closed from its own callback");
        m.destroy(h);
    }

    @Test
    void noMonitorWithoutOomMonitorSetting() throws Exception {
        CgroupManager m = start("no-monitor");
        CgroupHandle h = m.create("quiet", new CgroupSettings(null, CgroupSettings.Memory.limit(20L << 20, false), null, null, null),
                e -> {
                    throw new AssertionError("no monitor expected");
                });
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("memory-monitor-" + h.name())));
        m.destroy(h);
    }

    @Test
    void blkioThrottleIsWrittenPerDevice() throws Exception {
        CgroupManager m = start("blkio");
        long[] d = CgroupTestSupport.someBlockDevice();
        var blkio = new CgroupSettings.Blkio(null, null, List.of(),
                List.of(new CgroupSettings.ThrottleDevice(d[0], d[1], 1_048_576)), List.of(),
                List.of(), List.of(new CgroupSettings.ThrottleDevice(d[0], d[1], 100)), Map.of());
        CgroupHandle h = m.create("blk", new CgroupSettings(null, null, null, blkio, null));
        Path dir = h.directoryOf(Controller.BLKIO).orElseThrow();
        assertEquals(d[0] + ":" + d[1] + " 1048576", read(dir, "blkio.throttle.read_bps_device"));
        assertEquals(d[0] + ":" + d[1] + " 100", read(dir, "blkio.throttle.write_iops_device"));
        m.destroy(h);
    }

    @Test
    void repeatedOomKillsAreCounted() throws Exception {
        CgroupManager m = start("oom2");
        Path eater = memeater();
        List<MemoryEvent> events = new CopyOnWriteArrayList<>();
        CgroupHandle h = m.create("eater", new CgroupSettings(null, CgroupSettings.Memory.limit(20L << 20, true), null, null, null),
                events::add);
        for (int run = 1; run <= 2; run++) {
            Process p = startIn(h, eater.toString(), "200");
            output(p);
            assertEquals(128 + 9, waitFor(p));
            final int expected = run;
            for (int i = 0; i < 1000 && events.stream().noneMatch(e -> e.oomKill() >= expected); i++) {
                Thread.sleep(10);
            }
        }
        MemoryEvent last = events.get(events.size() - 1);
        assertEquals(2L, last.oomKill(), events.toString());
        assertTrue(last.oom() >= 2, events.toString());
        m.destroy(h);
    }

    @Test
    void joinMovesARunningProcessIntoEveryHierarchy() throws Exception {
        CgroupManager m = start("join-pid");
        CgroupHandle h = m.create("joined", CgroupSettings.none());
        Process p = new ProcessBuilder("sleep", "600").start();
        try {
            m.join(h, p.pid());
            String cgroups = Files.readString(Path.of("/proc/" + p.pid() + "/cgroup"));
            for (Controller c : List.of(Controller.MEMORY, Controller.CPU, Controller.CPUACCT, Controller.PIDS, Controller.BLKIO)) {
                assertTrue(cgroups.contains(":" + c.v1Name() + ":/" + h.name() + "\n"), c + " in " + cgroups);
            }
            assertEquals(List.of(p.pid()), m.pids(h));
            CgroupException e = assertThrows(CgroupException.class, () -> m.join(h, 999_999_999L));
            assertTrue(e.getMessage().startsWith("moving pid 999999999 into "), e.getMessage());
        } finally {
            m.destroy(h);
        }
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }

    /** The runtime's top-level cpu group, where the kernel schedules real-time groups; else the test is skipped. */
    private static Path assumeRealtimeGroups(CgroupManager m) {
        Path cpuTop = m.layout().hierarchyOf(Controller.CPU).orElseThrow().mountPoint().resolve(m.topLevel());
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(cpuTop.resolve("cpu.rt_runtime_us")),
                "no real-time group scheduling (CONFIG_RT_GROUP_SCHED): FIFO needs no budget here");
        return cpuTop;
    }
}
