package io.northstar.runtime.debug;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.northstar.common.Container;

/**
 * One {@code [debug] commands} entry of the runtime config, e.g. {@code strace -c -p <PID>}
 * (container-lifecycle.md §13): {@code <PID>} becomes the container init's host pid and
 * {@code <CONTAINER>} its {@code name:version}; the result is split on whitespace, without any
 * shell or quoting, into program and arguments.
 */
public record DebugCommand(String template) {

    public static final String PID = "<PID>";
    public static final String CONTAINER = "<CONTAINER>";

    public DebugCommand {
        Objects.requireNonNull(template, "template");
        if (template.isBlank()) {
            throw new IllegalArgumentException("debug command is empty");
        }
    }

    /** The command line with placeholders replaced, as logged. */
    public String expand(long pid, Container container) {
        return template.replace(PID, Long.toString(pid)).replace(CONTAINER, container.toString());
    }

    /** Program and arguments. */
    public List<String> argv(long pid, Container container) {
        return Arrays.stream(expand(pid, container).trim().split("\\s+")).toList();
    }
}
