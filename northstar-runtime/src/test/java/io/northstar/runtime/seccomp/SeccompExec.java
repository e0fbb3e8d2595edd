package io.northstar.runtime.seccomp;

import io.northstar.runtime.NativeBuild;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
            binary = NativeBuild.compile("seccomp-exec", List.of("-static", "-O2", "-Wall"), SOURCE);
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
        arguments.add(filter);
        arguments.addAll(List.of(command));
        try (Running running = start(List.of(), arguments)) {
            return running.finish();
        }
    }

    /**
     * Starts {@code prefix... seccomp-exec arguments...}; the prefix is e.g. a chroot command
     * (then {@code helperPath} replaces the helper's own path).
     */
    static Running start(List<String> prefix, List<String> arguments) throws IOException, InterruptedException {
        return start(prefix, helper().toString(), arguments);
    }

    static Running start(List<String> prefix, String helperPath, List<String> arguments)
            throws IOException, InterruptedException {
        helper();
        List<String> command = new ArrayList<>(prefix);
        command.add(helperPath);
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        return new Running(process, String.join(" ", command));
    }

    /** A started helper whose merged output is read line by line. */
    static final class Running implements AutoCloseable {
        private static final String END = "\0end of output";
        private final Process process;
        private final String command;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder seen = new StringBuilder();

        private Running(Process process, String command) {
            this.process = process;
            this.command = command;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("reading output failed: " + e);
                } finally {
                    lines.add(END);
                }
            }, "seccomp-exec output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits for a line matching {@code regex}; returns it. Earlier lines stay in {@link #output()}. */
        String awaitLine(String regex) throws InterruptedException {
            Pattern pattern = Pattern.compile(regex);
            while (true) {
                String line = lines.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (line == null || line.equals(END)) {
                    if (line != null) {
                        lines.add(END);
                    }
                    fail("no line matching " + regex + " from " + command + "; output:\n" + seen);
                }
                seen.append(line).append('\n');
                if (pattern.matcher(line).find()) {
                    return line;
                }
            }
        }

        String output() {
            return seen.toString();
        }

        /** Waits for the helper to report the child's end. */
        Outcome finish() throws InterruptedException {
            while (true) {
                String line = lines.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (line == null) {
                    fail(command + " did not finish; output:\n" + seen);
                }
                if (line.equals(END)) {
                    break;
                }
                seen.append(line).append('\n');
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail(command + " did not exit");
            }
            String output = seen.toString();
            assertEquals(0, process.exitValue(), "seccomp-exec failed to set up:\n" + output);
            Matcher matcher = STATUS.matcher(output);
            if (!matcher.find()) {
                fail("seccomp-exec printed no status:\n" + output);
            }
            return new Outcome(matcher.group(1).equals("signalled"), Integer.parseInt(matcher.group(2)),
                    output.substring(0, matcher.start()));
        }

        /** Ends the helper; its child dies with it (PR_SET_PDEATHSIG). */
        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }
}
