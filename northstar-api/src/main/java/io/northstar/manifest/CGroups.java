package io.northstar.manifest;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * {@code cgroups}: controller settings, none validated (as in Northstar). Fields
 * that are u64 in Rust are kept in a {@code long} and are to be read unsigned
 * ({@link Long#toUnsignedString}); i64 fields are plain signed longs.
 */
public record CGroups(Optional<String> parent, Optional<BlkIo> blkio, Optional<Cpu> cpu, Optional<Memory> memory,
                      Optional<Pids> pids) {
    public CGroups {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(blkio, "blkio");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(pids, "pids");
    }

    /** The sections Northstar 0.9 knows. */
    public CGroups(Optional<String> parent, Optional<BlkIo> blkio, Optional<Cpu> cpu, Optional<Memory> memory) {
        this(parent, blkio, cpu, memory, Optional.empty());
    }

    /**
     * Pids controller, an extension of this runtime ({@code cgroups: {pids: {max: 64}}}):
     * {@code max} (i64) is written to {@code pids.max}, a negative value means no limit. Northstar
     * 0.9 ignores the key (unknown keys of {@code cgroups} are ignored there), so a manifest with
     * it still loads on the Rust runtime, without the limit.
     */
    public record Pids(long max) {
    }

    /** Memory controller. Limits are i64, {@code swappiness} is u64. */
    public record Memory(boolean oomMonitor, OptionalLong kernelMemoryLimit, OptionalLong memoryHardLimit,
                         OptionalLong memorySoftLimit, OptionalLong kernelTcpMemoryLimit, OptionalLong memorySwapLimit,
                         OptionalLong swappiness, Map<String, String> attrs) {
        public Memory {
            Objects.requireNonNull(kernelMemoryLimit, "kernel_memory_limit");
            Objects.requireNonNull(memoryHardLimit, "memory_hard_limit");
            Objects.requireNonNull(memorySoftLimit, "memory_soft_limit");
            Objects.requireNonNull(kernelTcpMemoryLimit, "kernel_tcp_memory_limit");
            Objects.requireNonNull(memorySwapLimit, "memory_swap_limit");
            Objects.requireNonNull(swappiness, "swappiness");
            attrs = Immutables.map(attrs, "attrs");
        }
    }

    /**
     * Cpu controller. {@code shares}, {@code period}, {@code realtime_period} are
     * u64; {@code quota}, {@code realtime_runtime} i64. {@code cpus}, {@code mems}
     * and the realtime fields are accepted but not applied by Northstar.
     */
    public record Cpu(Optional<String> cpus, Optional<String> mems, OptionalLong shares, OptionalLong quota,
                      OptionalLong period, OptionalLong realtimeRuntime, OptionalLong realtimePeriod,
                      Map<String, String> attrs) {
        public Cpu {
            Objects.requireNonNull(cpus, "cpus");
            Objects.requireNonNull(mems, "mems");
            Objects.requireNonNull(shares, "shares");
            Objects.requireNonNull(quota, "quota");
            Objects.requireNonNull(period, "period");
            Objects.requireNonNull(realtimeRuntime, "realtime_runtime");
            Objects.requireNonNull(realtimePeriod, "realtime_period");
            attrs = Immutables.map(attrs, "attrs");
        }
    }

    /** Blkio controller; the device lists are mandatory when {@code blkio} is present. */
    public record BlkIo(OptionalInt weight, OptionalInt leafWeight, List<BlkIoDevice> weightDevice,
                        List<BlkIoThrottle> throttleReadBpsDevice, List<BlkIoThrottle> throttleReadIopsDevice,
                        List<BlkIoThrottle> throttleWriteBpsDevice, List<BlkIoThrottle> throttleWriteIopsDevice,
                        Map<String, String> attrs) {
        public BlkIo {
            Objects.requireNonNull(weight, "weight");
            Objects.requireNonNull(leafWeight, "leaf_weight");
            weightDevice = Immutables.list(weightDevice, "weight_device");
            throttleReadBpsDevice = Immutables.list(throttleReadBpsDevice, "throttle_read_bps_device");
            throttleReadIopsDevice = Immutables.list(throttleReadIopsDevice, "throttle_read_iops_device");
            throttleWriteBpsDevice = Immutables.list(throttleWriteBpsDevice, "throttle_write_bps_device");
            throttleWriteIopsDevice = Immutables.list(throttleWriteIopsDevice, "throttle_write_iops_device");
            attrs = Immutables.map(attrs, "attrs");
        }
    }

    /** A per-device weight; {@code major}/{@code minor} u64, weights u16. */
    public record BlkIoDevice(long major, long minor, OptionalInt weight, OptionalInt leafWeight) {
        public BlkIoDevice {
            Objects.requireNonNull(weight, "weight");
            Objects.requireNonNull(leafWeight, "leaf_weight");
        }
    }

    /** A per-device throttle; all u64. */
    public record BlkIoThrottle(long major, long minor, long rate) {
    }
}
