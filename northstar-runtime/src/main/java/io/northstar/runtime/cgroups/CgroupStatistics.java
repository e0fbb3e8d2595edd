package io.northstar.runtime.cgroups;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The statistics of a container group for {@code inspect} (docs/runtime.md, "Inspect, list and statistics"): one
 * entry per used controller; null when the controller is not available. The field names follow
 * cgroups-rs 0.3.4, which Northstar serialises; on v2 the v1-only values are 0, and
 * {@link #toJson()} gives the JSON tree of the {@code statistics} object.
 */
public record CgroupStatistics(Cpu cpu, Memory memory, Blkio blkio, Pids pids) {

    /** {@code stat}: the raw {@code cpu.stat}; {@code usageNanos}: total CPU time of the group. */
    public record Cpu(String stat, Map<String, Long> values, Long usageNanos) {
        public Cpu {
            values = Map.copyOf(values);
        }

        /** Periods in which the group was throttled by its quota (v1 and v2 name it alike). */
        public long throttledPeriods() {
            return values.getOrDefault("nr_throttled", 0L);
        }
    }

    public record Memory(MemoryCounters memory, KmemCounters kmem, KmemCounters kmemTcp, Map<String, Long> events) {
        public Memory {
            events = Map.copyOf(events);
        }
    }

    /**
     * cgroups-rs {@code Memory}. v2: usage = memory.current, max usage = memory.peak, limit =
     * memory.max (-1 = max), soft limit = memory.low, fail count = the {@code max} event count,
     * swappiness = null (v2 has none).
     */
    public record MemoryCounters(long failCnt, long limitInBytes, long usageInBytes, long maxUsageInBytes,
            long moveChargeAtImmigrate, OomControl oomControl, long softLimitInBytes, Map<String, Long> stat,
            Long swappiness, boolean useHierarchy) {
        public MemoryCounters {
            stat = Map.copyOf(stat);
        }
    }

    public record OomControl(boolean oomKillDisable, boolean underOom, long oomKill) {
    }

    public record KmemCounters(long failCnt, long limitInBytes, long usageInBytes, long maxUsageInBytes) {
        static final KmemCounters NONE = new KmemCounters(0, 0, 0, 0);
    }

    /** Raw text of the block I/O statistics files, by file name. */
    public record Blkio(Map<String, String> files) {
        public Blkio {
            files = Map.copyOf(files);
        }
    }

    /** {@code max} -1 = unlimited. */
    public record Pids(long current, long max, Map<String, Long> events) {
        public Pids {
            events = Map.copyOf(events);
        }
    }

    static CgroupStatistics read(CgroupHandle handle) {
        return new CgroupStatistics(
                handle.groupOf(Controller.CPU).map(g -> cpu(handle, g)).orElse(null),
                handle.groupOf(Controller.MEMORY).map(CgroupStatistics::memory).orElse(null),
                handle.groupOf(Controller.BLKIO).map(CgroupStatistics::blkio).orElse(null),
                handle.groupOf(Controller.PIDS).map(CgroupStatistics::pids).orElse(null));
    }

    private static Cpu cpu(CgroupHandle handle, CgroupHandle.Group g) {
        String stat = ControlFiles.readOrEmpty(g.directory().resolve("cpu.stat"));
        Map<String, Long> values = FlatKeyed.parse(stat);
        Long usage = switch (g.hierarchy().version()) {
            case V1 -> handle.directoryOf(Controller.CPUACCT)
                    .map(d -> ControlFiles.readLimit(d.resolve("cpuacct.usage"))).orElse(null);
            case V2 -> Optional.ofNullable(values.get("usage_usec")).map(us -> us * 1000).orElse(null);
        };
        return new Cpu(stat, values, usage);
    }

    private static Memory memory(CgroupHandle.Group g) {
        Path d = g.directory();
        return switch (g.hierarchy().version()) {
            case V1 -> {
                Map<String, Long> oom = FlatKeyed.parse(ControlFiles.readOrEmpty(d.resolve("memory.oom_control")));
                MemoryCounters m = new MemoryCounters(
                        num(d.resolve("memory.failcnt")),
                        num(d.resolve("memory.limit_in_bytes")),
                        num(d.resolve("memory.usage_in_bytes")),
                        num(d.resolve("memory.max_usage_in_bytes")),
                        num(d.resolve("memory.move_charge_at_immigrate")),
                        new OomControl(oom.getOrDefault("oom_kill_disable", 0L) != 0, oom.getOrDefault("under_oom", 0L) != 0,
                                oom.getOrDefault("oom_kill", 0L)),
                        num(d.resolve("memory.soft_limit_in_bytes")),
                        FlatKeyed.parse(ControlFiles.readOrEmpty(d.resolve("memory.stat"))),
                        ControlFiles.readLimit(d.resolve("memory.swappiness")),
                        num(d.resolve("memory.use_hierarchy")) != 0);
                KmemCounters kmem = new KmemCounters(num(d.resolve("memory.kmem.failcnt")),
                        num(d.resolve("memory.kmem.limit_in_bytes")), num(d.resolve("memory.kmem.usage_in_bytes")),
                        num(d.resolve("memory.kmem.max_usage_in_bytes")));
                KmemCounters tcp = new KmemCounters(num(d.resolve("memory.kmem.tcp.failcnt")),
                        num(d.resolve("memory.kmem.tcp.limit_in_bytes")), num(d.resolve("memory.kmem.tcp.usage_in_bytes")),
                        num(d.resolve("memory.kmem.tcp.max_usage_in_bytes")));
                yield new Memory(m, kmem, tcp, Map.of());
            }
            case V2 -> {
                Map<String, Long> events = FlatKeyed.parse(ControlFiles.readOrEmpty(d.resolve("memory.events")));
                MemoryCounters m = new MemoryCounters(
                        events.getOrDefault("max", 0L),
                        num(d.resolve("memory.max")),
                        num(d.resolve("memory.current")),
                        num(d.resolve("memory.peak")),
                        0,
                        new OomControl(false, false, events.getOrDefault("oom_kill", 0L)),
                        num(d.resolve("memory.low")),
                        FlatKeyed.parse(ControlFiles.readOrEmpty(d.resolve("memory.stat"))),
                        null,
                        true);
                yield new Memory(m, KmemCounters.NONE, KmemCounters.NONE, events);
            }
        };
    }

    private static Blkio blkio(CgroupHandle.Group g) {
        Map<String, String> files = new LinkedHashMap<>();
        String[] names = switch (g.hierarchy().version()) {
            case V1 -> new String[] {"blkio.throttle.io_service_bytes", "blkio.throttle.io_serviced"};
            case V2 -> new String[] {"io.stat"};
        };
        for (String n : names) {
            files.put(n, ControlFiles.readOrEmpty(g.directory().resolve(n)));
        }
        return new Blkio(files);
    }

    private static Pids pids(CgroupHandle.Group g) {
        Path d = g.directory();
        Long max = ControlFiles.readLimit(d.resolve("pids.max"));
        return new Pids(num(d.resolve("pids.current")), max == null ? -1 : max,
                FlatKeyed.parse(ControlFiles.readOrEmpty(d.resolve("pids.events"))));
    }

    private static long num(Path file) {
        Long v = ControlFiles.readLimit(file);
        return v == null ? 0 : v;
    }

    /**
     * The {@code statistics} object of an inspect response: keys {@code cpu}, {@code memory}
     * (with {@code memory}, {@code kmem}, {@code kmem_tcp}), {@code blkio} and {@code pids},
     * values are maps, lists, strings, numbers and booleans only.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (cpu != null) {
            json.put("cpu", Map.of("stat", cpu.stat()));
        }
        if (memory != null) {
            Map<String, Object> mem = new LinkedHashMap<>();
            MemoryCounters m = memory.memory();
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("fail_cnt", m.failCnt());
            mm.put("limit_in_bytes", m.limitInBytes());
            mm.put("usage_in_bytes", m.usageInBytes());
            mm.put("max_usage_in_bytes", m.maxUsageInBytes());
            mm.put("move_charge_at_immigrate", m.moveChargeAtImmigrate());
            mm.put("oom_control", Map.of("oom_kill_disable", m.oomControl().oomKillDisable(),
                    "under_oom", m.oomControl().underOom(), "oom_kill", m.oomControl().oomKill()));
            mm.put("soft_limit_in_bytes", m.softLimitInBytes());
            Map<String, Object> stat = new LinkedHashMap<>(m.stat());
            mm.put("stat", stat);
            mm.put("swappiness", m.swappiness() == null ? 0L : m.swappiness());
            mm.put("use_hierarchy", m.useHierarchy() ? 1L : 0L);
            mem.put("memory", mm);
            mem.put("kmem", kmem(memory.kmem()));
            mem.put("kmem_tcp", kmem(memory.kmemTcp()));
            json.put("memory", mem);
        }
        if (blkio != null) {
            json.put("blkio", new LinkedHashMap<>(blkio.files()));
        }
        if (pids != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("current", pids.current());
            p.put("max", pids.max() < 0 ? "max" : pids.max());
            json.put("pids", p);
        }
        return json;
    }

    private static Map<String, Object> kmem(KmemCounters k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fail_cnt", k.failCnt());
        m.put("limit_in_bytes", k.limitInBytes());
        m.put("usage_in_bytes", k.usageInBytes());
        m.put("max_usage_in_bytes", k.maxUsageInBytes());
        return m;
    }
}
