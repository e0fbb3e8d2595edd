package io.northstar.runtime.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.northstar.manifest.Manifest;
import org.junit.jupiter.api.Test;

class CgroupSettingsFromManifestTest {

    static final String FULL = """
            name: memeater
            version: 0.0.1
            init: /memeater
            uid: 1000
            gid: 1000
            sched:
              policy: !fifo
                priority: 10
            cgroups:
              parent: cpu-intense
              memory:
                oom_monitor: true
                memory_hard_limit: 10000000
                memory_soft_limit: 1000000
                memory_swap_limit: 20000000
                swappiness: 0
                attrs: {memory.high: "9000000"}
              cpu:
                shares: 1024
                quota: 50000
                period: 100000
                cpus: "0,1"
              blkio:
                weight: 100
                weight_device: [{major: 8, minor: 0, weight: 200}]
                throttle_read_bps_device: [{major: 8, minor: 0, rate: 1000}]
                throttle_read_iops_device: []
                throttle_write_bps_device: []
                throttle_write_iops_device: []
            """;

    @Test
    void everyManifestKeyArrives() {
        CgroupSettings s = CgroupSettings.of(Manifest.parse(FULL), new CgroupSettings.Pids(32L));
        assertEquals("cpu-intense", s.parent());
        assertTrue(s.realtime());
        assertTrue(s.oomMonitor());
        assertEquals(10_000_000L, s.memory().memoryHardLimit());
        assertEquals(1_000_000L, s.memory().memorySoftLimit());
        assertEquals(20_000_000L, s.memory().memorySwapLimit());
        assertEquals(0L, s.memory().swappiness());
        assertNull(s.memory().kernelMemoryLimit());
        assertEquals(Map.of("memory.high", "9000000"), s.memory().attrs());
        assertEquals(1024L, s.cpu().shares());
        assertEquals(50_000L, s.cpu().quota());
        assertEquals(100_000L, s.cpu().period());
        assertEquals("0,1", s.cpu().cpus());
        assertEquals(100, s.blkio().weight());
        assertEquals(List.of(new CgroupSettings.WeightDevice(8, 0, 200, null)), s.blkio().weightDevice());
        assertEquals(List.of(new CgroupSettings.ThrottleDevice(8, 0, 1000)), s.blkio().throttleReadBpsDevice());
        assertEquals(32L, s.pids().max());
    }

    @Test
    void manifestWithoutCgroupsGetsAnUnlimitedGroup() throws Exception {
        Manifest m = Manifest.parse("name: hello\nversion: 0.0.1\ninit: /hello\nuid: 1000\ngid: 1000\n");
        CgroupSettings s = CgroupSettings.of(m, null);
        assertEquals(CgroupSettings.none(), s);
        assertTrue(SettingsTranslation.translate(s, c -> Optional.of(CgroupVersion.V1)).writes().isEmpty());
    }

    @Test
    void realtimeSchedulingReservesADefaultBudgetOnV1Only() throws Exception {
        Manifest m = Manifest.parse("name: rt\nversion: 0.0.1\ninit: /rt\nuid: 1000\ngid: 1000\nsched:\n  policy: !fifo\n    priority: 5\n");
        CgroupSettings s = CgroupSettings.of(m, null);
        assertTrue(s.realtime());
        SettingsTranslation v1 = SettingsTranslation.translate(s, c -> Optional.of(CgroupVersion.V1));
        assertEquals(List.of(new CgroupWrite(Controller.CPU, "cpu.rt_runtime_us", "100000", true)), v1.writes());
        SettingsTranslation v2 = SettingsTranslation.translate(s, c -> Optional.of(CgroupVersion.V2));
        assertTrue(v2.writes().isEmpty());
        assertTrue(v2.warnings().isEmpty());
        Manifest other = Manifest.parse("name: o\nversion: 0.0.1\ninit: /o\nuid: 1000\ngid: 1000\nsched:\n  policy: !other\n    nice: 0\n");
        assertFalse(CgroupSettings.of(other, null).realtime());
    }

    @Test
    void explicitRealtimeRuntimeWins() throws Exception {
        var cpu = new CgroupSettings.Cpu(null, null, null, 20_000L, null, null, null, Map.of());
        SettingsTranslation t = SettingsTranslation.translate(new CgroupSettings(null, null, cpu, null, null, true),
                c -> Optional.of(CgroupVersion.V1));
        assertEquals(List.of("cpu.rt_runtime_us <- 20000"), t.writes().stream().map(CgroupWrite::toString).toList());
    }
}
