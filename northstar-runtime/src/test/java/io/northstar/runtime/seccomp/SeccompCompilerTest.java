package io.northstar.runtime.seccomp;

import io.northstar.runtime.seccomp.ClassicBpf.SeccompData;
import io.northstar.seccomp.DefaultSeccompProfile;
import io.northstar.seccomp.SeccompArchitecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static io.northstar.runtime.seccomp.SeccompCompiler.SECCOMP_RET_ALLOW;
import static io.northstar.runtime.seccomp.SeccompCompiler.SECCOMP_RET_KILL_PROCESS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeccompCompilerTest {
    private static final SeccompArchitecture X86 = SeccompArchitecture.X86_64;
    private static final int AUDIT_ARCH_I386 = 0x40000003;
    private static final int X32_SYSCALL_BIT = 0x40000000;

    private static int nr(SeccompArchitecture arch, String name) {
        return SyscallTable.of(arch).number(name).orElseThrow();
    }

    private static int verdict(BpfProgram program, SeccompArchitecture arch, String name, long... args) {
        return ClassicBpf.run(program, SeccompData.call(arch.auditArch(), nr(arch, name), args));
    }

    private static SeccompRules allow(Map<String, SyscallFilter> allow) {
        return new SeccompRules(false, allow);
    }

    /** The test container's rules (manifest.md §9.2). */
    private static SeccompRules testContainer() {
        Map<String, SyscallFilter> allow = new LinkedHashMap<>();
        allow.put("delete_module", new SyscallFilter.Args(1, List.of(1L), OptionalLong.of(0x06)));
        allow.put("clone", SyscallFilter.ANY);
        allow.put("clone3", SyscallFilter.ANY);
        return new SeccompRules(true, allow);
    }

    @ParameterizedTest
    @EnumSource(SeccompArchitecture.class)
    void everySyscallIsDecidedWithinAFewComparisons(SeccompArchitecture arch) {
        BpfProgram program = SeccompCompiler.compile(arch, testContainer(), Set.of("CAP_KILL"));
        ClassicBpf.check(program);
        int worst = 0;
        long total = 0;
        int calls = 0;
        for (int number = 0; number < 512; number++) {
            ClassicBpf.Trace trace = ClassicBpf.trace(program, SeccompData.call(arch.auditArch(), number, 0, 1));
            worst = Math.max(worst, trace.steps());
            total += trace.steps();
            calls++;
        }
        System.out.printf("seccomp %s test-container filter: %d instructions, per syscall %.1f on average,"
                + " %d at most%n", arch, program.size(), (double) total / calls, worst);
        // A linear chain would execute up to ~2 instructions per allowed syscall (> 600).
        assertTrue(worst <= 40, "worst case " + worst + " instructions");
    }

    @Test
    void emptySeccompAllowsOnlyExecve() {
        BpfProgram program = SeccompCompiler.compile(X86, SeccompRules.empty(), Set.of());
        assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "execve"));
        for (String name : List.of("read", "write", "exit_group", "openat", "clone")) {
            assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, name), name);
        }
        // ld arch, jeq, ret kill, ld nr, jeq execve, ret allow, ret kill
        assertEquals(7, program.size(), program.disassemble());
    }

    @ParameterizedTest
    @EnumSource(SeccompArchitecture.class)
    void foreignArchitectureIsKilledEvenForAllowedNumbers(SeccompArchitecture arch) {
        BpfProgram program = SeccompCompiler.compile(arch, testContainer(), Set.of());
        int read = nr(arch, "read");
        assertEquals(SECCOMP_RET_ALLOW, ClassicBpf.run(program, SeccompData.call(arch.auditArch(), read)));
        for (int foreign : new int[] {AUDIT_ARCH_I386, otherArch(arch).auditArch(), 0}) {
            assertEquals(SECCOMP_RET_KILL_PROCESS, ClassicBpf.run(program, SeccompData.call(foreign, read)));
        }
    }

    private static SeccompArchitecture otherArch(SeccompArchitecture arch) {
        return arch == SeccompArchitecture.X86_64 ? SeccompArchitecture.AARCH64 : SeccompArchitecture.X86_64;
    }

    @Test
    void x32SyscallsAreKilled() {
        BpfProgram program = SeccompCompiler.compile(X86, testContainer(), Set.of());
        assertEquals(SECCOMP_RET_KILL_PROCESS, ClassicBpf.run(program,
                SeccompData.call(X86.auditArch(), X32_SYSCALL_BIT | nr(X86, "read"))));
    }

    @ParameterizedTest
    @EnumSource(SeccompArchitecture.class)
    void defaultProfileAllowsExactlyTheBaseListOnEveryNumber(SeccompArchitecture arch) {
        BpfProgram program = SeccompCompiler.compile(arch, new SeccompRules(true, Map.of()), Set.of());
        Set<String> base = new HashSet<>(DefaultSeccompProfile.baseSyscalls(arch));
        SyscallTable table = SyscallTable.of(arch);
        int allowed = 0;
        for (int number = 0; number < 1024; number++) {
            String name = table.name(number).orElse(null);
            boolean expected = name != null && base.contains(name);
            int verdict = ClassicBpf.run(program, SeccompData.call(arch.auditArch(), number));
            assertEquals(expected ? SECCOMP_RET_ALLOW : SECCOMP_RET_KILL_PROCESS, verdict,
                    "syscall " + number + " (" + name + ") on " + arch);
            allowed += expected ? 1 : 0;
        }
        assertTrue(allowed > 200, "only " + allowed + " syscalls allowed");
    }

    /** Extension (docs/compatibility.md): io_uring is out of the default profile, an allow entry brings it back. */
    @ParameterizedTest
    @EnumSource(SeccompArchitecture.class)
    void defaultProfileKillsIoUringUnlessAllowed(SeccompArchitecture arch) {
        BpfProgram program = SeccompCompiler.compile(arch, new SeccompRules(true, Map.of()),
                Set.of("CAP_SYS_ADMIN", "CAP_SYS_PTRACE", "CAP_SYS_NICE"));
        for (String name : DefaultSeccompProfile.IO_URING) {
            assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, arch, name), name);
        }
        BpfProgram allowed = SeccompCompiler.compile(arch, new SeccompRules(true, Map.of(
                "io_uring_setup", SyscallFilter.ANY, "io_uring_enter", SyscallFilter.ANY)), Set.of());
        assertEquals(SECCOMP_RET_ALLOW, verdict(allowed, arch, "io_uring_setup"));
        assertEquals(SECCOMP_RET_ALLOW, verdict(allowed, arch, "io_uring_enter"));
        assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(allowed, arch, "io_uring_register"));
    }

    @Test
    void defaultProfileWithoutCapabilitiesHasNoCloneRule() {
        BpfProgram program = SeccompCompiler.compile(X86, new SeccompRules(true, Map.of()), Set.of());
        assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "clone", 0x11L));
        assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "clone3"));
    }

    @Test
    void capabilitiesWithoutSysAdminAllowCloneWithoutNamespaceFlags() {
        BpfProgram program = SeccompCompiler.compile(X86, new SeccompRules(true, Map.of()), Set.of("CAP_KILL"));
        long threadFlags = 0x3d0f00L; // CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID
        assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "clone", threadFlags));
        assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "clone", 0x01200011L)); // glibc fork()
        for (long namespaceFlag : new long[] {0x00020000L, 0x02000000L, 0x04000000L, 0x08000000L, 0x10000000L,
                0x20000000L, 0x40000000L}) {
            assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "clone", threadFlags | namespaceFlag),
                    Long.toHexString(namespaceFlag));
        }
        // The mask covers all 64 bits: any bit above 31 is outside the namespace flags and allowed.
        assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "clone", 0x1_0000_0000L));
        assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "unshare", 0));
        assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "delete_module", 0, 0));
    }

    @Test
    void capabilitiesAddTheirSyscalls() {
        BpfProgram program = SeccompCompiler.compile(X86, new SeccompRules(true, Map.of()),
                Set.of("CAP_SYS_ADMIN", "CAP_SYS_MODULE", "CAP_SYSLOG"));
        assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "clone", 0x7E020000L));
        for (String name : List.of("mount", "umount2", "unshare", "setns", "delete_module", "init_module",
                "finit_module", "syslog")) {
            assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, name), name);
        }
        assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "reboot"));
        assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "kexec_load"));
    }

    @Test
    void personalityAllowsEveryListedValue() {
        BpfProgram program = SeccompCompiler.compile(X86, new SeccompRules(true, Map.of()), Set.of());
        for (long value : DefaultSeccompProfile.PERSONALITY_VALUES) {
            assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "personality", value), Long.toHexString(value));
        }
        for (long value : new long[] {0x1L, 0x9L, 0x40000L, 0xFFFFFFFEL, 0x1_0000_0000L, 0xFFFFFFFF_FFFFFFFFL}) {
            assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "personality", value), Long.toHexString(value));
        }
    }

    @Test
    void valueListAllowsEveryValueNotOnlyTheFirst() {
        BpfProgram program = SeccompCompiler.compile(X86,
                allow(Map.of("delete_module", SyscallFilter.Args.values(1, 1L, 2L, 3L))), Set.of());
        for (long value : new long[] {1, 2, 3}) {
            assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "delete_module", 0, value), "value " + value);
        }
        for (long value : new long[] {0, 4, 0x1_0000_0001L}) {
            assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "delete_module", 0, value), "value " + value);
        }
        // Other arguments do not matter.
        assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "delete_module", 0xdeadbeefL, 2, 7, 7, 7, 7));
    }

    @Test
    void valuesCompareAll64Bits() {
        long big = 0xAAAA_BBBB_0000_0002L;
        BpfProgram program = SeccompCompiler.compile(X86,
                allow(Map.of("ioctl", SyscallFilter.Args.values(5, big))), Set.of());
        assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "ioctl", 0, 0, 0, 0, 0, big));
        assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "ioctl", 0, 0, 0, 0, 0, 2));
        assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "ioctl", 0, 0, 0, 0, 0, 0xAAAA_BBBB_0000_0000L));
        assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "ioctl", big));
    }

    @Test
    void testContainerDeleteModuleRule() {
        BpfProgram program = SeccompCompiler.compile(X86, testContainer(), Set.of());
        // values [1] or mask 0x06 (process-sandbox §11.2: 0, 2, 4, 6 by the mask; 1 by the value)
        for (long flags : new long[] {0, 1, 2, 4, 6}) {
            assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "delete_module", 0, flags), "flags " + flags);
        }
        for (long flags : new long[] {3, 5, 7, 8, 0x800, 0x1_0000_0000L, 0x1_0000_0004L}) {
            assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "delete_module", 0, flags), "flags " + flags);
        }
        assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "clone", 0x7E020000L));
        assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "clone3"));
        assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "write", 1, 0, 5));
        assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "mount"));
    }

    @Test
    void maskOnlyRule() {
        BpfProgram program = SeccompCompiler.compile(X86,
                allow(Map.of("delete_module", SyscallFilter.Args.mask(1, 0x06))), Set.of());
        assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "delete_module", 0, 6));
        assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "delete_module", 0, 1));
    }

    @Test
    void unknownNamesAreSkipped() {
        Map<String, SyscallFilter> rules = new LinkedHashMap<>();
        rules.put("no_such_syscall", SyscallFilter.ANY);
        rules.put("arch_prctl", SyscallFilter.ANY); // x86_64 only
        rules.put("getpid", SyscallFilter.ANY);
        SeccompArchitecture arm = SeccompArchitecture.AARCH64;
        BpfProgram getpidOnly = SeccompCompiler.compile(arm, allow(Map.of("getpid", SyscallFilter.ANY)), Set.of());
        assertEquals(getpidOnly, SeccompCompiler.compile(arm, allow(rules), Set.of()));
        BpfProgram x86 = SeccompCompiler.compile(X86, allow(rules), Set.of());
        assertEquals(SECCOMP_RET_ALLOW, verdict(x86, X86, "arch_prctl"));
    }

    @Test
    void aarch64UsesItsOwnNumbers() {
        SeccompArchitecture arm = SeccompArchitecture.AARCH64;
        BpfProgram program = SeccompCompiler.compile(arm, testContainer(), Set.of());
        assertEquals(106, nr(arm, "delete_module"));
        assertEquals(SECCOMP_RET_ALLOW, ClassicBpf.run(program, SeccompData.call(arm.auditArch(), 106, 0, 4)));
        assertEquals(SECCOMP_RET_KILL_PROCESS, ClassicBpf.run(program, SeccompData.call(arm.auditArch(), 106, 0, 7)));
        // 176 is delete_module on x86_64 but getgid on aarch64
        assertEquals(SECCOMP_RET_ALLOW, ClassicBpf.run(program, SeccompData.call(arm.auditArch(), 176, 0, 7)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 62, 63, 64, 65, 100, 300, 600})
    void longValueListsUseTrampolinesAndStayCorrect(int count) {
        List<Long> values = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            values.add(1000 + 3 * i);
        }
        Map<String, SyscallFilter> rules = new LinkedHashMap<>();
        rules.put("delete_module", new SyscallFilter.Args(1, values, OptionalLong.empty()));
        rules.put("getpid", SyscallFilter.ANY);
        BpfProgram program = SeccompCompiler.compile(X86, new SeccompRules(true, rules), Set.of());
        ClassicBpf.check(program);
        for (long value : values) {
            assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "delete_module", 0, value), "value " + value);
            assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "delete_module", 0, value + 1));
        }
        assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "getpid"));
        assertEquals(SECCOMP_RET_ALLOW, verdict(program, X86, "exit_group"));
        assertEquals(SECCOMP_RET_KILL_PROCESS, verdict(program, X86, "mount"));
        // The rule's block (jeq nr, 4 per value, ret allow, ld nr) fits the 8-bit offsets up to 63
        // values; beyond, its own "next rule" jump needs a trampoline.
        BpfProgram oneValue = SeccompCompiler.compile(X86, new SeccompRules(true,
                Map.of("delete_module", SyscallFilter.Args.values(1, 1000L), "getpid", SyscallFilter.ANY)), Set.of());
        if (count >= 64) {
            assertTrue(trampolines(program) > trampolines(oneValue), program.disassemble());
        }
    }

    private static long trampolines(BpfProgram program) {
        return program.instructions().stream()
                .filter(i -> i.opcode() == (Instruction.BPF_JMP | Instruction.BPF_JA))
                .count();
    }

    @Test
    void programsBeyondTheKernelLimitAreRefused() {
        List<Long> values = new ArrayList<>();
        for (long i = 0; i < 1100; i++) {
            values.add(i);
        }
        SeccompException error = assertThrows(SeccompException.class, () -> SeccompCompiler.compile(X86,
                allow(Map.of("delete_module", new SyscallFilter.Args(1, values, OptionalLong.empty()))), Set.of()));
        assertTrue(error.getMessage().contains("4096"), error.getMessage());
    }

    @Test
    void sockFilterBytesAreNativeStructSockFilter() {
        BpfProgram program = SeccompCompiler.compile(X86, SeccompRules.empty(), Set.of());
        byte[] bytes = program.toSockFilter(ByteOrder.LITTLE_ENDIAN);
        assertEquals(8 * program.size(), bytes.length);
        // ld [4] ; jeq #0xc000003e jt 1 jf 0 ; ret #0x80000000 (process-sandbox §11.2 lines 0..2)
        assertArrayEquals(new byte[] {0x20, 0, 0, 0, 4, 0, 0, 0, 0x15, 0, 1, 0, 0x3e, 0, 0, (byte) 0xc0,
                6, 0, 0, 0, 0, 0, 0, (byte) 0x80}, java.util.Arrays.copyOf(bytes, 24));
        assertArrayEquals(new byte[] {6, 0, 0, 0, 0, 0, 0, (byte) 0x80},
                java.util.Arrays.copyOfRange(bytes, bytes.length - 8, bytes.length));
        assertEquals(program, BpfProgram.fromSockFilter(bytes, ByteOrder.LITTLE_ENDIAN));
        assertEquals(program, BpfProgram.fromSockFilter(program.toSockFilter(), ByteOrder.nativeOrder()));
    }

    @Test
    void invalidArgumentRulesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SyscallFilter.Args.values(6, 1L));
        assertThrows(IllegalArgumentException.class, () -> SyscallFilter.Args.values(-1, 1L));
        assertThrows(IllegalArgumentException.class, () -> new SyscallFilter.Args(0, List.of(), OptionalLong.empty()));
    }
}
