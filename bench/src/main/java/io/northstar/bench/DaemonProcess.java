package io.northstar.bench;

import io.northstar.client.Client;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The runtime under test, started through bin/northstar as a user would start it, with its log in
 * a file of the work directory. {@link #close()} stops it whatever state it is in.
 *
 * @param process      the bin/northstar process
 * @param console      where its console listens
 * @param spawnedNanos {@link System#nanoTime()} just before the spawn
 * @param log          the file its output goes to
 */
record DaemonProcess(Process process, URI console, long spawnedNanos, Path log) implements Closeable {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /**
     * Spawns {@code bin/northstar -c config}. {@code javaOpts} replaces bin/northstar's default JVM
     * flags when given; otherwise JAVA_OPTS is removed from the environment so its defaults apply.
     * {@code javaHome}, when given, is the Java runtime the daemon runs on (e.g. the release's
     * jlink'ed image): bin/java-home takes JAVA_HOME, and JAVA, which would win over it, is removed.
     */
    static DaemonProcess spawn(Path repoRoot, Path config, URI console, Path log, String javaOpts, Path javaHome)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(repoRoot.resolve("bin/northstar").toString(), "-c", config.toString());
        pb.environment().remove("JAVA_OPTS");
        if (javaOpts != null) {
            pb.environment().put("JAVA_OPTS", javaOpts);
        }
        if (javaHome != null) {
            pb.environment().remove("JAVA");
            pb.environment().put("JAVA_HOME", javaHome.toString());
        }
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long t0 = System.nanoTime();
        Process p = pb.start();
        return new DaemonProcess(p, console, t0, log);
    }

    long pid() {
        return process.pid();
    }

    /**
     * Milliseconds from the spawn until the console answered a {@code list}: the console is bound
     * before mount_on_start runs, and the event loop answers the list only after the mounts.
     */
    double awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("the runtime exited with status " + process.exitValue()
                        + " before its console was ready; last log lines:\n" + tail(20));
            }
            try (Client c = Client.connect(console, false, Duration.ofSeconds(60))) {
                c.list();
                return (System.nanoTime() - spawnedNanos) / 1e6;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the runtime's console " + console + " was not ready within "
                            + READY_TIMEOUT + ": " + e.getMessage() + "; last log lines:\n" + tail(20), e);
                }
                Thread.sleep(2);
            }
        }
    }

    /** The forker: the JVM's only child process; empty for a build of the runtime without one. */
    OptionalLong forkerPid() {
        List<Long> children = Proc.children(pid());
        if (children.isEmpty()) {
            return OptionalLong.empty();
        }
        if (children.size() != 1) {
            throw new IllegalStateException("expected the forker as the only child of the runtime (pid " + pid()
                    + "), found " + children);
        }
        return OptionalLong.of(children.get(0));
    }

    /** The JVM command line, to print the flags actually used. */
    String commandLine() {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid()), "cmdline"))).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "?";
        }
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** Orderly shutdown through the console; SIGTERM, then SIGKILL, when that does not work. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try (Client c = Client.connect(console, false, Duration.ofSeconds(10))) {
                c.shutdown();
            } catch (IOException e) {
                // Not reachable: the signals below do it.
            }
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
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
