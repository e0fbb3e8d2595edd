package io.northstar.runtime.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTranslationTest {

    static final Function<Controller, Optional<CgroupVersion>> V1 = c -> Optional.of(CgroupVersion.V1);
    static final Function<Controller, Optional<CgroupVersion>> V2 = c -> c == Controller.CPUACCT
            ? Optional.empty() : Optional.of(CgroupVersion.V2);

    static CgroupSettings.Memory memory(Long hard, Long soft, Long kmem, Long swap, Long tcp, Long swappiness) {
        return new CgroupSettings.Memory(false, hard, soft, kmem, swap, tcp, swappiness, Map.of());
    }

    static List<String> lines(SettingsTranslation t) {
        return t.writes().stream().map(CgroupWrite::toString).toList();
    }

    @Test
    void memoryV1() throws Exception {
        var s = new CgroupSettings(null, memory(10_000_000L, 1_000_000L, 100_000L, 20_000_000L, 50_000L, 0L), null, null, null);
        SettingsTranslation t = SettingsTranslation.translate(s, V1);
        assertEquals(List.of(
                "memory.limit_in_bytes <- 10000000",
                "memory.soft_limit_in_bytes <- 1000000",
                "memory.kmem.limit_in_bytes <- 100000",
                "memory.memsw.limit_in_bytes <- 20000000",
                "memory.kmem.tcp.limit_in_bytes <- 50000",
                "memory.swappiness <- 0"), lines(t));
        assertEquals(List.of(false, false, true, true, true, false), t.writes().stream().map(CgroupWrite::bestEffort).toList());
        assertTrue(t.warnings().isEmpty());
    }

    @Test
    void memoryV2SwapIsSwapAloneAndSwappinessIsNotAWriteToSwapMax() throws Exception {
        var s = new CgroupSettings(null, memory(10_000_000L, 1_000_000L, 100_000L, 20_000_000L, 50_000L, 0L), null, null, null);
        SettingsTranslation t = SettingsTranslation.translate(s, V2);
        assertEquals(List.of(
                "memory.max <- 10000000",
                "memory.low <- 1000000",
                "memory.swap.max <- 10000000"), lines(t));
        assertEquals(3, t.warnings().size(), t.warnings().toString());
        assertTrue(t.warnings().stream().anyMatch(w -> w.startsWith("swappiness ignored")));
    }

    @Test
    void memoryV2UnlimitedValues() throws Exception {
        var s = new CgroupSettings(null, memory(-1L, -1L, null, -1L, null, null), null, null, null);
        assertEquals(List.of("memory.max <- max", "memory.low <- 0", "memory.swap.max <- max"),
                lines(SettingsTranslation.translate(s, V2)));
        var unlimitedSwapOnly = new CgroupSettings(null, memory(1000L, null, null, -1L, null, null), null, null, null);
        assertEquals(List.of("memory.max <- 1000", "memory.swap.max <- max"),
                lines(SettingsTranslation.translate(unlimitedSwapOnly, V2)));
    }

    @Test
    void swapLimitBelowMemoryLimitOrWithoutItIsRejectedInBothVersions() {
        var below = new CgroupSettings(null, memory(20L << 20, null, null, 10L << 20, null, null), null, null, null);
        var without = new CgroupSettings(null, memory(null, null, null, 10L << 20, null, null), null, null, null);
        for (var v : List.of(V1, V2)) {
            CgroupException e = assertThrows(CgroupException.class, () -> SettingsTranslation.translate(below, v));
            assertTrue(e.getMessage().contains("must not be smaller than the memory limit"), e.getMessage());
            e = assertThrows(CgroupException.class, () -> SettingsTranslation.translate(without, v));
            assertTrue(e.getMessage().contains("needs memory_hard_limit"), e.getMessage());
        }
    }

    @Test
    void cpuV1() throws Exception {
        var cpu = new CgroupSettings.Cpu(512L, 50_000L, 100_000L, 10_000L, 1_000_000L, "0,1", "0", Map.of());
        SettingsTranslation t = SettingsTranslation.translate(new CgroupSettings(null, null, cpu, null, null), V1);
        assertEquals(List.of(
                "cpu.shares <- 512",
                "cpu.cfs_period_us <- 100000",
                "cpu.cfs_quota_us <- 50000",
                "cpu.rt_period_us <- 1000000",
                "cpu.rt_runtime_us <- 10000"), lines(t));
        assertEquals(List.of("cpus/mems ignored: the cpuset controller is not used"), t.warnings());
    }

    @Test
    void cpuV2WeightIsConvertedAndQuotaPeriodAreOneWrite() throws Exception {
        var cpu = new CgroupSettings.Cpu(1024L, 50_000L, 200_000L, null, null, null, null, Map.of());
        assertEquals(List.of("cpu.weight <- 39", "cpu.max <- 50000 200000"),
                lines(SettingsTranslation.translate(new CgroupSettings(null, null, cpu, null, null), V2)));
    }

    @Test
    void cpuV2QuotaAloneUsesTheDefaultPeriodAndNonPositiveQuotaIsMax() throws Exception {
        assertEquals(List.of("cpu.max <- 20000 100000"), lines(SettingsTranslation.translate(
                new CgroupSettings(null, null, new CgroupSettings.Cpu(null, 20_000L, null, null, null, null, null, Map.of()), null, null), V2)));
        assertEquals(List.of("cpu.max <- max 50000"), lines(SettingsTranslation.translate(
                new CgroupSettings(null, null, new CgroupSettings.Cpu(null, 0L, 50_000L, null, null, null, null, Map.of()), null, null), V2)));
        assertEquals(List.of("cpu.cfs_quota_us <- -1"), lines(SettingsTranslation.translate(
                new CgroupSettings(null, null, new CgroupSettings.Cpu(null, -5L, null, null, null, null, null, Map.of()), null, null), V1)));
    }

    @Test
    void cpuV2RealtimeIsWarnedNotWritten() throws Exception {
        var cpu = new CgroupSettings.Cpu(null, null, null, 10_000L, null, null, null, Map.of());
        SettingsTranslation t = SettingsTranslation.translate(new CgroupSettings(null, null, cpu, null, null), V2);
        assertTrue(t.writes().isEmpty());
        assertEquals(1, t.warnings().size());
    }

    @ParameterizedTest(name = "cpu.shares {0} is cpu.weight {1}")
    @CsvSource({"2, 1", "0, 1", "1024, 39", "2048, 79", "262144, 10000", "1000000, 10000"})
    void sharesToWeightAtTheEdgesAndTheDefault(long shares, long weight) {
        assertEquals(weight, SettingsTranslation.weightFromShares(shares));
    }

    @Test
    void sharesToWeightFollowsTheKernelConversion() {
        // 1 + ((shares - 2) * 9999) / 262142, integer division
        for (long shares = 2; shares <= 262_144; shares += 997) {
            assertEquals(1 + ((shares - 2) * 9999) / 262_142, SettingsTranslation.weightFromShares(shares));
        }
    }

    @Test
    void blkioBothVersions() throws Exception {
        var b = new CgroupSettings.Blkio(100, 200,
                List.of(new CgroupSettings.WeightDevice(8, 0, 300, 400)),
                List.of(new CgroupSettings.ThrottleDevice(8, 0, 1000)),
                List.of(new CgroupSettings.ThrottleDevice(8, 0, 10)),
                List.of(new CgroupSettings.ThrottleDevice(8, 16, 2000)),
                List.of(new CgroupSettings.ThrottleDevice(8, 16, 20)),
                Map.of());
        var s = new CgroupSettings(null, null, null, b, null);
        assertEquals(List.of(
                "blkio.weight <- 100",
                "blkio.leaf_weight <- 200",
                "blkio.weight_device <- 8:0 300",
                "blkio.leaf_weight_device <- 8:0 400",
                "blkio.throttle.read_bps_device <- 8:0 1000",
                "blkio.throttle.write_bps_device <- 8:16 2000",
                "blkio.throttle.read_iops_device <- 8:0 10",
                "blkio.throttle.write_iops_device <- 8:16 20"), lines(SettingsTranslation.translate(s, V1)));
        SettingsTranslation v2 = SettingsTranslation.translate(s, V2);
        assertEquals(List.of(
                "io.bfq.weight <- 100",
                "io.bfq.weight <- 8:0 300",
                "io.max <- 8:0 rbps=1000",
                "io.max <- 8:16 wbps=2000",
                "io.max <- 8:0 riops=10",
                "io.max <- 8:16 wiops=20"), lines(v2));
        assertEquals(2, v2.warnings().size());
    }

    @Test
    void pidsBothVersions() throws Exception {
        for (var v : List.of(V1, V2)) {
            assertEquals(List.of("pids.max <- 64"), lines(SettingsTranslation.translate(
                    new CgroupSettings(null, null, null, null, new CgroupSettings.Pids(64L)), v)));
            assertEquals(List.of("pids.max <- max"), lines(SettingsTranslation.translate(
                    new CgroupSettings(null, null, null, null, new CgroupSettings.Pids(-1L)), v)));
            assertEquals(List.of(), lines(SettingsTranslation.translate(
                    new CgroupSettings(null, null, null, null, new CgroupSettings.Pids(null)), v)));
        }
    }

    @Test
    void attrsAreWrittenSortedAfterTheMappedKeysOfTheirController() throws Exception {
        var m = new CgroupSettings.Memory(true, 1000L, null, null, null, null, null, Map.of("memory.high", "900", "memory.min", "10"));
        var c = new CgroupSettings.Cpu(null, null, null, null, null, null, null, Map.of("cpu.idle", "1"));
        SettingsTranslation t = SettingsTranslation.translate(new CgroupSettings(null, m, c, null, null), V2);
        assertEquals(List.of("memory.max <- 1000", "memory.high <- 900", "memory.min <- 10", "cpu.idle <- 1"), lines(t));
        assertEquals(List.of(Controller.MEMORY, Controller.MEMORY, Controller.MEMORY, Controller.CPU),
                t.writes().stream().map(CgroupWrite::controller).toList());
    }

    @Test
    void attrsMustNameAFileInsideTheGroup() {
        for (String bad : List.of("../memory.max", "a/b", "..", ".", "", "cgroup.procs", "tasks", "cgroup.subtree_control")) {
            var m = new CgroupSettings.Memory(false, null, null, null, null, null, null, Map.of(bad, "1"));
            CgroupException e = assertThrows(CgroupException.class,
                    () -> SettingsTranslation.translate(new CgroupSettings(null, m, null, null, null), V1), bad);
            assertTrue(e.getMessage().startsWith("invalid cgroup attr"), e.getMessage());
        }
    }

    @Test
    void missingControllersTurnSettingsIntoWarnings() throws Exception {
        var s = new CgroupSettings(null, CgroupSettings.Memory.limit(1000, true), CgroupSettings.Cpu.shares(100), null,
                new CgroupSettings.Pids(10L));
        SettingsTranslation t = SettingsTranslation.translate(s, c -> Optional.empty());
        assertTrue(t.writes().isEmpty());
        assertEquals(3, t.warnings().size());
    }

    @Test
    void noSettingsNoWrites() throws Exception {
        SettingsTranslation t = SettingsTranslation.translate(CgroupSettings.none(), V1);
        assertTrue(t.writes().isEmpty());
        assertTrue(t.warnings().isEmpty());
    }
}
