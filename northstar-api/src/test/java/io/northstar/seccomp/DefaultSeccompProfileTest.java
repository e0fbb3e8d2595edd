package io.northstar.seccomp;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DefaultSeccompProfileTest {
    @Test
    void baseListHas341DistinctNamesPlusArchitectureExtras() {
        List<String> x86 = DefaultSeccompProfile.baseSyscalls(SeccompArchitecture.X86_64);
        List<String> arm = DefaultSeccompProfile.baseSyscalls(SeccompArchitecture.AARCH64);
        assertEquals(341 + 2, x86.size());
        assertEquals(341 + 6, arm.size());
        assertEquals(x86.size(), new HashSet<>(x86).size(), "duplicates in the x86_64 list");
        assertEquals(arm.size(), new HashSet<>(arm).size(), "duplicates in the aarch64 list");
        assertTrue(x86.containsAll(List.of("arch_prctl", "modify_ldt", "personality", "execve", "vfork")));
        assertTrue(!x86.contains("clone") && !x86.contains("clone3") && !x86.contains("set_tls"));
        assertTrue(arm.containsAll(List.of("set_tls", "cacheflush", "sync_file_range2")));
    }

    @Test
    void ioUringIsNotInTheProfile() {
        for (SeccompArchitecture arch : SeccompArchitecture.values()) {
            List<String> names = DefaultSeccompProfile.baseSyscalls(arch);
            for (String ioUring : DefaultSeccompProfile.IO_URING) {
                assertTrue(!names.contains(ioUring), ioUring + " on " + arch);
            }
        }
        for (String capability : List.of("CAP_SYS_ADMIN", "CAP_SYS_PTRACE", "CAP_SYS_NICE", "CAP_SYS_RAWIO")) {
            assertTrue(DefaultSeccompProfile.capabilitySyscalls(capability).stream()
                    .noneMatch(DefaultSeccompProfile.IO_URING::contains), capability);
        }
    }

    @Test
    void capabilityExtras() {
        assertEquals(List.of("reboot"), DefaultSeccompProfile.capabilitySyscalls("CAP_SYS_BOOT"));
        assertTrue(DefaultSeccompProfile.capabilitySyscalls("CAP_SYS_ADMIN").contains("clone"));
        assertEquals(List.of(), DefaultSeccompProfile.capabilitySyscalls("CAP_KILL"));
        assertEquals(0x7E020000L, DefaultSeccompProfile.CLONE_NAMESPACE_FLAGS);
        assertEquals(0xFFFFFFFF81FDFFFFL, ~DefaultSeccompProfile.CLONE_NAMESPACE_FLAGS);
    }

    @Test
    void architectures() {
        assertEquals(Optional.of(SeccompArchitecture.X86_64), SeccompArchitecture.fromOsArch("amd64"));
        assertEquals(Optional.of(SeccompArchitecture.AARCH64), SeccompArchitecture.fromOsArch("aarch64"));
        assertEquals(Optional.empty(), SeccompArchitecture.fromOsArch("riscv64"));
        assertEquals(0xC000003E, SeccompArchitecture.X86_64.auditArch());
        assertEquals(0xC00000B7, SeccompArchitecture.AARCH64.auditArch());
    }
}
