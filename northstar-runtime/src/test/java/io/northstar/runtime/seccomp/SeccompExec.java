package io.northstar.runtime.seccomp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs programs under real seccomp filters through the static C helper
 * {@code src/test/c/seccomp-exec.c}, which the first use compiles with {@code ${CC:-cc} -static}.
 * Test code may fork; the runtime itself never does.
 */
final class SeccompExec {
    private static final Path SOURCE = Path.of("src/test/c/seccomp-exec.c");
    private static final Path BINARY = Path.of("target/test-native/seccomp-exec");
    private static final Pattern STATUS = Pattern.compile("(?m)^status: (exited|signalled) (\\d+)$");
    private static final long TIMEOUT_SECONDS = 60;

    /** How the child ended, and what it wrote to stdout/stderr (merged). */
    record Outcome(boolean signalled, int value, String output) {
        void assertExited(int code) {
            assertTrue(!signalled && value == code, "expected exit " + code + ", got " + this);
        }

        void assertKilledBySigsys() {
            assertTrue(signalled && value == 31, "expected death by SIGSYS (31), got " + this);
        }

        @Override
        public String toString() {
            return (signalled ? "signalled " : "exited ") + value + " with output:\n" + output;
        }
    }

    private static Path binary;

    private SeccompExec() {
    }

    /** Skips (with the reason) on kernels without seccomp filters; builds the helper once. */
    static synchronized Path helper() throws IOException, InterruptedException {
        String status = Files.readString(Path.of("/proc/self/status"));
        assumeTrue(status.contains("Seccomp:"), "kernel has no seccomp (CONFIG_SECCOMP_FILTER): no Seccomp: line in /proc/self/status");
        if (binary == null) {
            Files.createDirectories(BINARY.getParent());
            String cc = System.getenv().getOrDefault("CC", "cc");
            Process compile = new ProcessBuilder(cc, "-static", "-O2", "-Wall", "-o", BINARY.toString(), SOURCE.toString())
                    .redirectErrorStream(true).start();
            String output = new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (compile.waitFor() != 0) {
                fail("compiling " + SOURCE + " with " + cc + " -static failed:\n" + output);
            }
            binary = BINARY.toAbsolutePath();
        }
        return binary;
    }

    static Outcome run(BpfProgram program, String... command) throws IOException, InterruptedException {
        Path filter = Files.createTempFile("seccomp-filter", ".bpf");
        try {
            Files.write(filter, program.toSockFilter());
            return runWithFilter(filter.toString(), command);
        } finally {
            Files.deleteIfExists(filter);
        }
    }

    static Outcome runUnfiltered(String... command) throws IOException, InterruptedException {
        return runWithFilter("-", command);
    }

    private static Outcome runWithFilter(String filter, String... command) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>();
        arguments.add(helper().toString());
        arguments.add(filter);
        arguments.addAll(List.of(command));
        Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] bytes = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("seccomp-exec " + String.join(" ", command) + " did not finish");
        }
        String output = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "seccomp-exec failed to set up:\n" + output);
        Matcher matcher = STATUS.matcher(output);
        if (!matcher.find()) {
            fail("seccomp-exec printed no status:\n" + output);
        }
        return new Outcome(matcher.group(1).equals("signalled"), Integer.parseInt(matcher.group(2)),
                output.substring(0, matcher.start()));
    }
}
