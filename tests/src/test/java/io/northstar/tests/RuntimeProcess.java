package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real northstar daemon in its own JVM, started like bin/northstar does it (in a private mount
 * namespace via util-linux unshare) with the test's class path. Collects the log lines so tests
 * can wait for and match them; {@link #close()} stops it and fails loudly if it must be killed.
 */
public final class RuntimeProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread collector;
    private final Path logFile;

    private RuntimeProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
        this.collector = new Thread(this::collect, "runtime-log-" + process.pid());
        collector.setDaemon(true);
        collector.start();
    }

    /** Starts the daemon with {@code config} and waits until it logs that it is up, or exited. */
    public static RuntimeProcess start(Path config, Path logFile) throws IOException, InterruptedException {
        RuntimeProcess runtime = launch(config, logFile);
        runtime.awaitLog("Runtime up and running", START_TIMEOUT);
        return runtime;
    }

    /** Writes {@code config}, starts the daemon with it (log in the config's root) and waits until it is up. */
    public static RuntimeProcess start(TestConfig config) throws IOException, InterruptedException {
        return start(config.write(), config.root().resolve("runtime.log"));
    }

    /** A shared runtime's end: stopped by SIGTERM, it must shut down in order and exit 0 (no-op if never started). */
    public static void stopOrderly(RuntimeProcess runtime) throws InterruptedException {
        if (runtime != null) {
            assertEquals(0, runtime.terminate(), "orderly shutdown on SIGTERM exits 0");
        }
    }

    /** Starts the daemon without waiting: for tests of start-up failures. */
    public static RuntimeProcess launch(Path config, Path logFile) throws IOException {
        return launch(config, logFile, java.util.Map.of(), null);
    }

    /**
     * As {@link #launch(Path, Path)}, with {@code environment} added to the daemon's and, if not
     * null, the shell command {@code prelude} run in the daemon's private mount namespace before
     * the JVM replaces the shell (to change what the daemon sees without touching the host).
     */
    public static RuntimeProcess launch(Path config, Path logFile, java.util.Map<String, String> environment,
            String prelude) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> namespace = prelude == null
                ? List.of("unshare", "--mount", "--propagation", "private")
                : List.of("unshare", "--mount", "--propagation", "private", "sh", "-ec", prelude + "\nexec \"$@\"", "sh");
        List<String> command = new ArrayList<>(namespace);
        command.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow"); // jffi's Unsafe use, allowed as bin/launch does
        }
        command.addAll(List.of("-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // As bin/northstar: the heap of production, and exhaustion ends the process.
                "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"),
                "io.northstar.runtime.Main", "-c", config.toString()));
        // Output goes to a file that is tailed: reading the process pipe loses the last lines when
        // the JDK swaps the pipe stream at process exit while a reader is blocked on it.
        // Truncated, not replaced: a test may have named this file's inode (JOURNAL_STREAM).
        Files.write(logFile, new byte[0]);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().remove("JOURNAL_STREAM");
        // The daemon logs as in production (io.northstar at debug), whatever the test's environment sets.
        builder.environment().remove("NORTHSTAR_LOG");
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().remove("WATCHDOG_USEC");
        builder.environment().remove("WATCHDOG_PID");
        builder.environment().putAll(environment);
        return new RuntimeProcess(builder.start(), logFile);
    }

    public long pid() {
        return process.pid();
    }

    /** The daemon's own view of the mounts (it lives in a private mount namespace). */
    public List<String> mountInfo() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid()), "mountinfo"));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void collect() {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(logFile.toFile(), "r")) {
            java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            boolean exited = false;
            while (true) {
                int n = file.read(chunk);
                if (n > 0) {
                    for (int i = 0; i < n; i++) {
                        if (chunk[i] == '\n') {
                            add(partial.toString(StandardCharsets.UTF_8));
                            partial.reset();
                        } else {
                            partial.write(chunk[i]);
                        }
                    }
                    continue;
                }
                if (exited) {
                    if (partial.size() > 0) {
                        add(partial.toString(StandardCharsets.UTF_8));
                    }
                    return;
                }
                // One more pass after the exit picks up the last lines.
                exited = !process.isAlive();
                Thread.sleep(20);
            }
        } catch (IOException e) {
            add("[test harness: reading " + logFile + " failed: " + e + "]");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    private void add(String line) {
        synchronized (lines) {
            lines.add(line);
            lines.notifyAll();
        }
    }

    /** All log lines so far. */
    public List<String> log() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Waits for a log line containing a match of {@code regex}; fails with the log on timeout or exit. */
    public String awaitLog(String regex, Duration timeout) throws InterruptedException {
        return awaitLog(0, regex, timeout);
    }

    /** The number of log lines so far: a mark for {@link #awaitLog(int, String, Duration)}. */
    public int mark() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** True if a line after {@code mark} matches {@code regex} (no waiting). */
    public boolean logged(int mark, String regex) {
        Pattern pattern = Pattern.compile(regex);
        synchronized (lines) {
            return lines.subList(Math.min(mark, lines.size()), lines.size()).stream()
                    .anyMatch(l -> pattern.matcher(l).find());
        }
    }

    /** As {@link #awaitLog(String, Duration)}, looking only at lines after {@code mark}. */
    public String awaitLog(int mark, String regex, Duration timeout) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int seen = mark;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (pattern.matcher(lines.get(seen)).find()) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !collector.isAlive())) {
                    throw new AssertionError("runtime did not log /" + regex + "/ (alive: "
                            + process.isAlive() + "); log:\n" + String.join("\n", lines));
                }
                lines.wait(Math.max(1, Math.min(left / 1_000_000, 200)));
            }
        }
    }

    /** Waits for the process to end by itself; returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("runtime did not exit within " + timeout + "; log:\n" + String.join("\n", log()));
        }
        collector.join(5000);
        return process.exitValue();
    }

    /** SIGKILL, as a crash or the OOM killer would end it; returns the exit code (137). */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(60));
    }

    /** SIGTERM and wait for the orderly shutdown; returns the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit(Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
