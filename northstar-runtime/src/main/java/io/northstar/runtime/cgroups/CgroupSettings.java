package io.northstar.runtime.cgroups;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

import io.northstar.manifest.CGroups;
import io.northstar.manifest.Manifest;

/**
 * The manifest's {@code cgroups} section as the cgroup code needs it (docs/manifest.md, "cgroups"), plus a
 * {@code pids} section that Northstar lacks ({@code cgroups: {pids: {max: 64}}}). Nullable
 * components are absent manifest keys; attrs maps are raw file name → raw value.
 *
 * @param realtime the container process is scheduled FIFO or round robin: with v1 real-time group
 *     scheduling its group needs a real-time budget ({@code cpu.rt_runtime_us}), otherwise
 *     sched_setscheduler fails with EPERM
 */
public record CgroupSettings(String parent, Memory memory, Cpu cpu, Blkio blkio, Pids pids, boolean realtime) {

    public CgroupSettings(String parent, Memory memory, Cpu cpu, Blkio blkio, Pids pids) {
        this(parent, memory, cpu, blkio, pids, false);
    }

    /** No {@code cgroups} section: the container still gets its own (unlimited) group. */
    public static CgroupSettings none() {
        return new CgroupSettings(null, null, null, null, null, false);
    }

    /**
     * The settings of a manifest. The manifest model has no {@code pids} key yet, so
     * {@code pids} comes from the caller (null = no limit).
     */
    public static CgroupSettings of(Manifest manifest, Pids pids) {
        boolean realtime = manifest.sched().map(s -> switch (s.policy().kind()) {
            case FIFO, ROUND_ROBIN -> true;
            case OTHER, BATCH, IDLE, DEADLINE -> false;
        }).orElse(false);
        if (manifest.cgroups().isEmpty()) {
            return new CgroupSettings(null, null, null, null, pids, realtime);
        }
        CGroups c = manifest.cgroups().get();
        Memory memory = c.memory().map(m -> new Memory(m.oomMonitor(), boxed(m.memoryHardLimit()), boxed(m.memorySoftLimit()),
                boxed(m.kernelMemoryLimit()), boxed(m.memorySwapLimit()), boxed(m.kernelTcpMemoryLimit()),
                unsigned(m.swappiness()), m.attrs())).orElse(null);
        Cpu cpu = c.cpu().map(p -> new Cpu(unsigned(p.shares()), boxed(p.quota()), unsigned(p.period()),
                boxed(p.realtimeRuntime()), unsigned(p.realtimePeriod()), p.cpus().orElse(null), p.mems().orElse(null),
                p.attrs())).orElse(null);
        Blkio blkio = c.blkio().map(b -> new Blkio(boxed(b.weight()), boxed(b.leafWeight()),
                b.weightDevice().stream().map(d -> new WeightDevice(d.major(), d.minor(), boxed(d.weight()), boxed(d.leafWeight()))).toList(),
                throttles(b.throttleReadBpsDevice()), throttles(b.throttleReadIopsDevice()),
                throttles(b.throttleWriteBpsDevice()), throttles(b.throttleWriteIopsDevice()), b.attrs())).orElse(null);
        return new CgroupSettings(c.parent().orElse(null), memory, cpu, blkio, pids, realtime);
    }

    private static List<ThrottleDevice> throttles(List<CGroups.BlkIoThrottle> list) {
        return list.stream().map(t -> new ThrottleDevice(t.major(), t.minor(), t.rate())).toList();
    }

    private static Long boxed(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    private static Integer boxed(OptionalInt v) {
        return v.isPresent() ? v.getAsInt() : null;
    }

    /** u64 manifest values beyond the i64 range are as good as unlimited. */
    private static Long unsigned(OptionalLong v) {
        return v.isPresent() ? (v.getAsLong() < 0 ? Long.MAX_VALUE : v.getAsLong()) : null;
    }

    public record Memory(boolean oomMonitor, Long memoryHardLimit, Long memorySoftLimit, Long kernelMemoryLimit,
            Long memorySwapLimit, Long kernelTcpMemoryLimit, Long swappiness, Map<String, String> attrs) {
        public Memory {
            attrs = attrs == null ? Map.of() : Map.copyOf(attrs);
        }

        public static Memory limit(long hardLimit, boolean oomMonitor) {
            return new Memory(oomMonitor, hardLimit, null, null, null, null, null, Map.of());
        }
    }

    /** {@code cpus}, {@code mems} are accepted by the manifest but never applied (no cpuset controller). */
    public record Cpu(Long shares, Long quota, Long period, Long realtimeRuntime, Long realtimePeriod, String cpus,
            String mems, Map<String, String> attrs) {
        public Cpu {
            attrs = attrs == null ? Map.of() : Map.copyOf(attrs);
        }

        public static Cpu quota(long quota, long period) {
            return new Cpu(null, quota, period, null, null, null, null, Map.of());
        }

        public static Cpu shares(long shares) {
            return new Cpu(shares, null, null, null, null, null, null, Map.of());
        }
    }

    public record Blkio(Integer weight, Integer leafWeight, List<WeightDevice> weightDevice,
            List<ThrottleDevice> throttleReadBpsDevice, List<ThrottleDevice> throttleReadIopsDevice,
            List<ThrottleDevice> throttleWriteBpsDevice, List<ThrottleDevice> throttleWriteIopsDevice,
            Map<String, String> attrs) {
        public Blkio {
            weightDevice = weightDevice == null ? List.of() : List.copyOf(weightDevice);
            throttleReadBpsDevice = throttleReadBpsDevice == null ? List.of() : List.copyOf(throttleReadBpsDevice);
            throttleReadIopsDevice = throttleReadIopsDevice == null ? List.of() : List.copyOf(throttleReadIopsDevice);
            throttleWriteBpsDevice = throttleWriteBpsDevice == null ? List.of() : List.copyOf(throttleWriteBpsDevice);
            throttleWriteIopsDevice = throttleWriteIopsDevice == null ? List.of() : List.copyOf(throttleWriteIopsDevice);
            attrs = attrs == null ? Map.of() : Map.copyOf(attrs);
        }
    }

    public record WeightDevice(long major, long minor, Integer weight, Integer leafWeight) {
    }

    public record ThrottleDevice(long major, long minor, long rate) {
    }

    /** {@code max}: the most tasks (threads) the group may hold; null or negative = unlimited. */
    public record Pids(Long max) {
    }

    public boolean oomMonitor() {
        return memory != null && memory.oomMonitor();
    }
}
