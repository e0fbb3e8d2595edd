package io.northstar.runtime.config;

import io.northstar.common.Container;
import java.util.Arrays;
import java.util.List;

/**
 * {@code [debug]}: commands run on the host after each container start.
 *
 * @param commands command lines; {@code <PID>} and {@code <CONTAINER>} are substituted, then split on whitespace
 */
public record DebugConfig(List<String> commands) {
    public DebugConfig {
        commands = List.copyOf(commands);
    }

    /**
     * The argv of {@code command} for a started container: placeholders
     * replaced, split on whitespace (no shell, no quoting), first word = program.
     */
    public static List<String> argv(String command, long initPid, Container container) {
        String expanded = command.replace("<PID>", Long.toString(initPid)).replace("<CONTAINER>", container.toString());
        return Arrays.stream(expanded.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}
