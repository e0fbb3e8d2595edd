package io.northstar.runtime.seccomp;

import io.northstar.seccomp.SeccompArchitecture;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The filter the container's init (pid 1, the forker's init.c) installs on
 * itself once the application runs and init has dropped its capabilities and
 * taken the container's ids. From then on init only reads the application's
 * exec pipe, closes it, waits for children and reports on its channel to the
 * forker; anything else kills it (and with it the container), so a process
 * that ptraces pid 1 can make it do nothing of interest.
 */
public final class InitSeccomp {
    /**
     * What glibc issues for init's read, write (the byte that lets the
     * application go on), close, waitpid, send and _exit; restart_syscall for
     * a wait interrupted by a stop signal. init's descriptors are then its
     * channel, the two pipes to the application and /dev/null.
     */
    static final List<String> SYSCALLS = List.of("read", "write", "close", "wait4", "sendto", "exit",
            "exit_group", "restart_syscall");

    private static final Map<SeccompArchitecture, BpfProgram> PROGRAMS = new EnumMap<>(SeccompArchitecture.class);

    private InitSeccomp() {
    }

    public static synchronized BpfProgram program(SeccompArchitecture architecture) {
        return PROGRAMS.computeIfAbsent(architecture, InitSeccomp::compile);
    }

    private static BpfProgram compile(SeccompArchitecture architecture) {
        SyscallTable table = SyscallTable.of(architecture);
        List<NumberedRule> rules = new ArrayList<>();
        for (String name : SYSCALLS) {
            int number = table.number(name).orElseThrow(
                    () -> new SeccompException("init's syscall " + name + " has no number on " + architecture));
            rules.add(new NumberedRule(name, number, SyscallFilter.ANY));
        }
        return SeccompCompiler.compile(architecture, rules);
    }
}
