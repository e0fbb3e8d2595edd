package io.northstar.runtime.cgroups;

import java.util.List;
import java.util.Map;

/**
 * The manifest's {@code cgroups} section as the cgroup code needs it (manifest.md §4.6), plus a
 * {@code pids} section that Northstar lacks ({@code cgroups: {pids: {max: 64}}}). Nullable
 * components are absent manifest keys; attrs maps are raw file name → raw value.
 */
public record CgroupSettings(String parent, Memory memory, Cpu cpu, Blkio blkio, Pids pids) {

    /** No {@code cgroups} section: the container still gets its own (unlimited) group. */
    public static CgroupSettings none() {
        return new CgroupSettings(null, null, null, null, null);
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
