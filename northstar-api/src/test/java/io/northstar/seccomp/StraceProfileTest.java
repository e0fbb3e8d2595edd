package io.northstar.seccomp;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against strace logs captured on Debian bookworm x86_64 (strace 6.1):
 * strace-threads.log: {@code strace -f -o LOG test-container socket stream} (a second thread,
 * pid-prefixed lines, resumptions); strace-shell.log: {@code strace -f sh -c 'echo $(echo sub) |
 * cat >/dev/null' 2>LOG} ("[pid N]" prefixes, fork via clone, signals, exits).
 */
class StraceProfileTest {
    private static final SeccompArchitecture X86 = SeccompArchitecture.X86_64;

    private static BufferedReader log(String name) {
        InputStream in = StraceProfileTest.class.getResourceAsStream("/seccomp/" + name);
        assertNotNull(in, name);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    @Test
    void threadsLogNeedsClone3OnTopOfTheDefaultProfile() throws IOException {
        StraceProfile profile = StraceProfile.fromLog(log("strace-threads.log"), false, X86);
        assertEquals("profile: default\nallow:\n  clone3: any\n", profile.toYaml());
        assertEquals("profile: default\nallow:\n  clone3: any\n\n", profile.toOutput());
    }

    @Test
    void shellLogNeedsClone() throws IOException {
        assertEquals("profile: default\nallow:\n  clone: any\n",
                StraceProfile.fromLog(log("strace-shell.log"), false, X86).toYaml());
    }

    @Test
    void everySyscallOfTheLogIsFound() throws IOException {
        assertEquals(new TreeSet<>(List.of("arch_prctl", "brk", "clone3", "close", "connect", "execve", "exit",
                        "exit_group", "getrandom", "madvise", "mmap", "mprotect", "newfstatat", "prlimit64", "readlink",
                        "rseq", "rt_sigaction", "rt_sigprocmask", "set_robust_list", "set_tid_address", "socket", "write")),
                StraceProfile.syscalls(log("strace-threads.log")));
        SortedSet<String> shell = StraceProfile.syscalls(log("strace-shell.log"));
        assertTrue(shell.containsAll(Set.of("clone", "wait4", "pipe2", "dup2", "set_robust_list", "read")), shell.toString());
        assertTrue(shell.stream().noneMatch(name -> name.equals("pid") || name.equals("SIGCHLD")), shell.toString());
    }

    @Test
    void withoutDefaultProfileEverySyscallIsListed() throws IOException {
        StraceProfile profile = StraceProfile.fromLog(log("strace-threads.log"), true, X86);
        String yaml = profile.toYaml();
        assertTrue(yaml.startsWith("allow:\n  arch_prctl: any\n  brk: any\n"), yaml);
        assertTrue(!yaml.contains("profile"), yaml);
        assertEquals(22, yaml.lines().count() - 1, yaml);
    }

    @Test
    void lineShapes() throws IOException {
        String log = String.join("\n",
                "execve(\"/bin/true\", [\"/bin/true\"], 0x7ffc /* 3 vars */) = 0",
                "  12 openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3",
                "[pid 4711] clone3({flags=CLONE_VM, ...} <unfinished ...>",
                "[pid  4712] <... futex resumed>) = 0",
                "4713  <... wait4 resumed>[{WIFEXITED(s)}], 0, NULL) = 4714",
                "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---",
                "+++ exited with 0 +++",
                "10:20:30 read(3, \"\", 4096) = 0",
                "strace: Process 4714 attached",
                "mystery_call()  = 0",
                "");
        assertEquals(new TreeSet<>(List.of("clone3", "execve", "mystery_call", "openat")),
                StraceProfile.syscalls(new BufferedReader(new StringReader(log))));
    }

    @Test
    void emptyResults() {
        assertEquals("profile: default\n", StraceProfile.of(Set.of("read", "write"), false, X86).toYaml());
        assertEquals("{}\n", StraceProfile.of(Set.of(), true, X86).toYaml());
    }

    @Test
    void architectureSpecificDefaults() {
        // arch_prctl is part of the x86_64 default profile only.
        assertEquals("profile: default\n", StraceProfile.of(Set.of("arch_prctl"), false, X86).toYaml());
        assertEquals("profile: default\nallow:\n  arch_prctl: any\n",
                StraceProfile.of(Set.of("arch_prctl"), false, SeccompArchitecture.AARCH64).toYaml());
    }

    @Test
    void namesYamlWouldMisreadAreQuoted() {
        assertEquals("allow:\n  '123': any\n  'on': any\n  read: any\n",
                StraceProfile.of(Set.of("read", "on", "123"), true, X86).toYaml());
    }
}
