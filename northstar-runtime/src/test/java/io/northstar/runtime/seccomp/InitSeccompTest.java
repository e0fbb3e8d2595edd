package io.northstar.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.northstar.runtime.seccomp.ClassicBpf.SeccompData;
import io.northstar.seccomp.SeccompArchitecture;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InitSeccompTest {
    private static int verdict(SeccompArchitecture arch, String name) {
        int nr = SyscallTable.of(arch).number(name).orElseThrow();
        return ClassicBpf.run(InitSeccomp.program(arch), SeccompData.call(arch.auditArch(), nr));
    }

    @ParameterizedTest
    @EnumSource(SeccompArchitecture.class)
    void initMayOnlyWaitReadCloseReportAndExit(SeccompArchitecture arch) {
        ClassicBpf.check(InitSeccomp.program(arch));
        for (String allowed : InitSeccomp.SYSCALLS) {
            assertEquals(SeccompCompiler.SECCOMP_RET_ALLOW, verdict(arch, allowed), allowed);
        }
        // what a tracer of pid 1 would want it to do
        for (String denied : List.of("ptrace", "mount", "open_by_handle_at", "setns", "unshare", "execve",
                "openat", "kill", "connect", "socket", "capset", "setresuid", "mmap", "mprotect", "dup3", "ioctl")) {
            assertEquals(SeccompCompiler.SECCOMP_RET_KILL_PROCESS, verdict(arch, denied), denied);
        }
    }
}
