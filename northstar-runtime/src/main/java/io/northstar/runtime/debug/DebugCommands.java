package io.northstar.runtime.debug;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.northstar.common.Container;
import io.northstar.runtime.config.DebugConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spawns the configured debug commands after a container's init was created, before it joins
 * its cgroup and execs. Every output line is logged at info level with the container id as
 * logger name; the exit is logged as {@code command <command> exited with <status>}. The
 * commands are not killed when the container stops (as in Northstar).
 */
public final class DebugCommands {

    private static final Logger LOG = LoggerFactory.getLogger(DebugCommands.class);
    /**
     * The logger of the commands' output. Lines carry the container as a prefix: a logger named after
     * the container would print as the last dot-separated part of its version ("3:") in the layout.
     */
    static final Logger OUTPUT = LoggerFactory.getLogger("io.northstar.runtime.debug");

    private final List<String> commands;

    /** @param commands the {@code [debug] commands} of the runtime config */
    public DebugCommands(List<String> commands) {
        for (String c : commands) {
            if (c.isBlank()) {
                throw new IllegalArgumentException("debug command is empty");
            }
        }
        this.commands = List.copyOf(commands);
    }

    public DebugCommands(DebugConfig config) {
        this(config.commands());
    }

    public List<String> commands() {
        return commands;
    }

    /** Program and arguments of {@code command} for a container: the config's expansion rules. */
    public static List<String> argv(String command, long pid, Container container) {
        return DebugConfig.argv(command, pid, container);
    }

    /**
     * Starts every command for {@code container} whose init has host pid {@code pid}.
     *
     * @return the started processes (the caller need not wait for them)
     * @throws IOException if a command cannot be started (the start of the container fails;
     *     commands started before stay running)
     */
    public List<Process> spawn(long pid, Container container) throws IOException {
        List<Process> started = new ArrayList<>();
        for (String command : commands) {
            List<String> argv = argv(command, pid, container);
            String line = String.join(" ", argv);
            LOG.info("Spawning debug command: {}", line);
            Process p;
            try {
                p = new ProcessBuilder(argv)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
            } catch (IOException e) {
                throw new IOException("spawning debug command \"" + line + "\" for " + container + ": " + e.getMessage(), e);
            }
            started.add(p);
            Thread stdout = pump(p.getInputStream(), container, line + " stdout");
            Thread stderr = pump(p.getErrorStream(), container, line + " stderr");
            p.onExit().thenAccept(done -> {
                try {
                    // the exit line comes after the last output line
                    stdout.join();
                    stderr.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                OUTPUT.info("{}: command {} exited with {}", container, line, status(done.exitValue()));
            });
        }
        return started;
    }

    /** Exit status text as Rust's {@code ExitStatus} displays it. */
    static String status(int exitValue) {
        // Java reports death by signal N as 128 + N
        return exitValue > 128 && exitValue < 128 + 65 ? "signal: " + (exitValue - 128) : "exit status: " + exitValue;
    }

    private static Thread pump(InputStream in, Container container, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    OUTPUT.info("{}: {}", container, l);
                }
            } catch (IOException e) {
                LOG.debug("Reading output of debug command {}: {}", name, e.getMessage());
            }
        }, "debug-command " + name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
