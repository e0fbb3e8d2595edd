package io.northstar.runtime.cgroups;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Translates manifest cgroup settings into control-file writes for the cgroup version that holds
 * each controller. The full mapping table is in docs/cgroups.md. Pure: no file is touched here,
 * so every mapping is unit-tested without root.
 *
 * @param writes in the order they must be applied (e.g. the v1 memory limit before memory+swap)
 * @param warnings settings that cannot be applied on this system and are skipped
 */
public record SettingsTranslation(List<CgroupWrite> writes, List<String> warnings) {

    /** The kernel's default CFS period, what a fresh group's {@code cpu.max} holds. */
    public static final long DEFAULT_CPU_PERIOD_US = 100_000;

    /**
     * Real-time budget per period (default period 1 s) of a FIFO/RR container without
     * {@code realtime_runtime} on v1 with real-time group scheduling: 10 % of a CPU.
     */
    public static final long DEFAULT_RT_RUNTIME_US = 100_000;

    public SettingsTranslation {
        writes = List.copyOf(writes);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param versionOf where each controller lives; empty = not available on this system
     * @throws CgroupException for settings that are contradictory in any version
     */
    public static SettingsTranslation translate(CgroupSettings settings,
            Function<Controller, Optional<CgroupVersion>> versionOf) throws CgroupException {
        List<CgroupWrite> writes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (settings.memory() != null) {
            ifMounted(Controller.MEMORY, versionOf, warnings, v -> memory(settings.memory(), v, writes, warnings));
        }
        if (settings.cpu() != null) {
            ifMounted(Controller.CPU, versionOf, warnings, v -> cpu(settings.cpu(), v, writes, warnings));
        }
        boolean explicitBudget = settings.cpu() != null && settings.cpu().realtimeRuntime() != null;
        if (settings.realtime() && !explicitBudget && versionOf.apply(Controller.CPU).equals(Optional.of(CgroupVersion.V1))) {
            // only exists with CONFIG_RT_GROUP_SCHED; without it real-time tasks need no budget
            writes.add(CgroupWrite.bestEffort(Controller.CPU, "cpu.rt_runtime_us", Long.toString(DEFAULT_RT_RUNTIME_US)));
        }
        if (settings.blkio() != null) {
            ifMounted(Controller.BLKIO, versionOf, warnings, v -> blkio(settings.blkio(), v, writes, warnings));
        }
        if (settings.pids() != null && settings.pids().max() != null) {
            long max = settings.pids().max();
            ifMounted(Controller.PIDS, versionOf, warnings, v -> writes.add(
                    CgroupWrite.required(Controller.PIDS, "pids.max", max < 0 ? "max" : Long.toString(max))));
        }
        return new SettingsTranslation(writes, warnings);
    }

    /** Translates the settings of one controller for the cgroup version it is mounted as. */
    @FunctionalInterface
    private interface ControllerTranslation {
        void translate(CgroupVersion version) throws CgroupException;
    }

    /** Runs {@code translation} when {@code controller} is mounted; otherwise its settings are ignored with a warning. */
    private static void ifMounted(Controller controller, Function<Controller, Optional<CgroupVersion>> versionOf,
            List<String> warnings, ControllerTranslation translation) throws CgroupException {
        Optional<CgroupVersion> version = versionOf.apply(controller);
        if (version.isPresent()) {
            translation.translate(version.get());
            return;
        }
        // v2 renamed some controllers (blkio is io there): name both
        String names = controller.v2Name().filter(v2 -> !v2.equals(controller.v1Name()))
                .map(v2 -> controller.v1Name() + "/" + v2).orElse(controller.v1Name());
        warnings.add(controller.v1Name() + " settings ignored: no " + names + " controller");
    }

    private static void memory(CgroupSettings.Memory m, CgroupVersion v, List<CgroupWrite> w, List<String> warnings)
            throws CgroupException {
        Controller c = Controller.MEMORY;
        if (m.memorySwapLimit() != null) {
            checkSwap(m.memoryHardLimit(), m.memorySwapLimit());
        }
        switch (v) {
            case V1 -> {
                requiredIfSet(w, c, "memory.limit_in_bytes", m.memoryHardLimit());
                requiredIfSet(w, c, "memory.soft_limit_in_bytes", m.memorySoftLimit());
                bestEffortIfSet(w, c, "memory.kmem.limit_in_bytes", m.kernelMemoryLimit());
                bestEffortIfSet(w, c, "memory.memsw.limit_in_bytes", m.memorySwapLimit());
                bestEffortIfSet(w, c, "memory.kmem.tcp.limit_in_bytes", m.kernelTcpMemoryLimit());
                requiredIfSet(w, c, "memory.swappiness", m.swappiness());
            }
            case V2 -> {
                if (m.memoryHardLimit() != null) {
                    w.add(CgroupWrite.required(c, "memory.max", limitOrMax(m.memoryHardLimit())));
                }
                if (m.memorySoftLimit() != null) {
                    // v1's "-1" soft limit is its default (no preference); v2's default protection is 0
                    w.add(CgroupWrite.required(c, "memory.low", m.memorySoftLimit() < 0 ? "0" : Long.toString(m.memorySoftLimit())));
                }
                if (m.kernelMemoryLimit() != null) {
                    warnings.add("kernel_memory_limit ignored: cgroup v2 has no separate kernel memory limit");
                }
                if (m.memorySwapLimit() != null) {
                    // v1 limits memory+swap together, v2's memory.swap.max limits swap alone
                    long hard = m.memoryHardLimit();
                    long swap = m.memorySwapLimit();
                    String value = hard < 0 || swap < 0 ? "max" : Long.toString(swap - hard);
                    w.add(CgroupWrite.bestEffort(c, "memory.swap.max", value));
                }
                if (m.kernelTcpMemoryLimit() != null) {
                    warnings.add("kernel_tcp_memory_limit ignored: cgroup v2 has no separate tcp memory limit");
                }
                if (m.swappiness() != null) {
                    warnings.add("swappiness ignored: cgroup v2 has no per-group swappiness");
                }
            }
        }
        attrs(c, m.attrs(), w);
    }

    private static void checkSwap(Long hard, long swap) throws CgroupException {
        if (hard == null) {
            throw new CgroupException("memory_swap_limit " + swap + " needs memory_hard_limit: the swap limit is memory plus swap");
        }
        if (swap >= 0 && (hard < 0 || swap < hard)) {
            throw new CgroupException("memory_swap_limit " + swap + " is below memory_hard_limit " + hard
                    + ": the swap limit is memory plus swap and must not be smaller than the memory limit");
        }
    }

    private static void cpu(CgroupSettings.Cpu cpu, CgroupVersion v, List<CgroupWrite> w, List<String> warnings)
            throws CgroupException {
        Controller c = Controller.CPU;
        if (cpu.cpus() != null || cpu.mems() != null) {
            warnings.add("cpus/mems ignored: the cpuset controller is not used");
        }
        switch (v) {
            case V1 -> {
                requiredIfSet(w, c, "cpu.shares", cpu.shares());
                requiredIfSet(w, c, "cpu.cfs_period_us", cpu.period());
                if (cpu.quota() != null) {
                    w.add(CgroupWrite.required(c, "cpu.cfs_quota_us", cpu.quota() <= 0 ? "-1" : Long.toString(cpu.quota())));
                }
                requiredIfSet(w, c, "cpu.rt_period_us", cpu.realtimePeriod());
                requiredIfSet(w, c, "cpu.rt_runtime_us", cpu.realtimeRuntime());
            }
            case V2 -> {
                if (cpu.shares() != null) {
                    w.add(CgroupWrite.required(c, "cpu.weight", Long.toString(weightFromShares(cpu.shares()))));
                }
                if (cpu.quota() != null || cpu.period() != null) {
                    String quota = cpu.quota() == null || cpu.quota() <= 0 ? "max" : Long.toString(cpu.quota());
                    long period = cpu.period() == null ? DEFAULT_CPU_PERIOD_US : cpu.period();
                    w.add(CgroupWrite.required(c, "cpu.max", quota + " " + period));
                }
                if (cpu.realtimeRuntime() != null || cpu.realtimePeriod() != null) {
                    warnings.add("realtime_runtime/realtime_period ignored: cgroup v2 has no real-time group scheduling");
                }
            }
        }
        attrs(c, cpu.attrs(), w);
    }

    /**
     * cgroup v1 {@code cpu.shares} (2..262144, default 1024) to v2 {@code cpu.weight}
     * (1..10000, default 100) — the conversion of the kernel documentation, systemd, crun and runc.
     */
    public static long weightFromShares(long shares) {
        long s = Math.max(2, Math.min(262_144, shares));
        return 1 + ((s - 2) * 9999) / 262_142;
    }

    private static void blkio(CgroupSettings.Blkio b, CgroupVersion v, List<CgroupWrite> w, List<String> warnings)
            throws CgroupException {
        Controller c = Controller.BLKIO;
        switch (v) {
            case V1 -> {
                if (b.weight() != null) {
                    w.add(CgroupWrite.bestEffort(c, "blkio.weight", Integer.toString(b.weight())));
                }
                if (b.leafWeight() != null) {
                    w.add(CgroupWrite.bestEffort(c, "blkio.leaf_weight", Integer.toString(b.leafWeight())));
                }
                for (CgroupSettings.WeightDevice d : b.weightDevice()) {
                    if (d.weight() != null) {
                        w.add(CgroupWrite.bestEffort(c, "blkio.weight_device", device(d.major(), d.minor()) + " " + d.weight()));
                    }
                    if (d.leafWeight() != null) {
                        w.add(CgroupWrite.bestEffort(c, "blkio.leaf_weight_device", device(d.major(), d.minor()) + " " + d.leafWeight()));
                    }
                }
                throttle(b.throttleReadBpsDevice(), "blkio.throttle.read_bps_device", null, w);
                throttle(b.throttleWriteBpsDevice(), "blkio.throttle.write_bps_device", null, w);
                throttle(b.throttleReadIopsDevice(), "blkio.throttle.read_iops_device", null, w);
                throttle(b.throttleWriteIopsDevice(), "blkio.throttle.write_iops_device", null, w);
            }
            case V2 -> {
                if (b.weight() != null) {
                    w.add(CgroupWrite.bestEffort(c, "io.bfq.weight", Integer.toString(b.weight())));
                }
                if (b.leafWeight() != null) {
                    warnings.add("leaf_weight ignored: cgroup v2 has no leaf weights");
                }
                for (CgroupSettings.WeightDevice d : b.weightDevice()) {
                    if (d.weight() != null) {
                        w.add(CgroupWrite.bestEffort(c, "io.bfq.weight", device(d.major(), d.minor()) + " " + d.weight()));
                    }
                    if (d.leafWeight() != null) {
                        warnings.add("weight_device leaf_weight ignored: cgroup v2 has no leaf weights");
                    }
                }
                throttle(b.throttleReadBpsDevice(), "io.max", "rbps", w);
                throttle(b.throttleWriteBpsDevice(), "io.max", "wbps", w);
                throttle(b.throttleReadIopsDevice(), "io.max", "riops", w);
                throttle(b.throttleWriteIopsDevice(), "io.max", "wiops", w);
            }
        }
        attrs(c, b.attrs(), w);
    }

    private static void throttle(List<CgroupSettings.ThrottleDevice> devices, String file, String v2Key, List<CgroupWrite> w) {
        for (CgroupSettings.ThrottleDevice d : devices) {
            String value = device(d.major(), d.minor()) + " " + (v2Key == null ? "" : v2Key + "=") + d.rate();
            w.add(CgroupWrite.required(Controller.BLKIO, file, value));
        }
    }

    private static String device(long major, long minor) {
        return major + ":" + minor;
    }

    private static void attrs(Controller c, Map<String, String> attrs, List<CgroupWrite> w) throws CgroupException {
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(attrs).entrySet()) {
            String file = e.getKey();
            if (file.isEmpty() || file.contains("/") || file.equals(".") || file.equals("..") || file.indexOf('\0') >= 0) {
                throw new CgroupException("invalid cgroup attr \"" + file + "\": must be a file name inside the group");
            }
            if (file.equals("cgroup.procs") || file.equals("tasks") || file.startsWith("cgroup.")) {
                throw new CgroupException("invalid cgroup attr \"" + file + "\": cgroup core files are managed by the runtime");
            }
            w.add(CgroupWrite.required(c, file, e.getValue()));
        }
    }

    private static String limitOrMax(long value) {
        return value < 0 ? "max" : Long.toString(value);
    }

    /** The write of a number the manifest sets; nothing when it is unset, so the kernel's default stays. */
    private static void requiredIfSet(List<CgroupWrite> w, Controller c, String file, Long value) {
        if (value != null) {
            w.add(CgroupWrite.required(c, file, Long.toString(value)));
        }
    }

    /** As {@link #requiredIfSet}, for a file that a kernel may lack (kmem, memsw). */
    private static void bestEffortIfSet(List<CgroupWrite> w, Controller c, String file, Long value) {
        if (value != null) {
            w.add(CgroupWrite.bestEffort(c, file, Long.toString(value)));
        }
    }
}
