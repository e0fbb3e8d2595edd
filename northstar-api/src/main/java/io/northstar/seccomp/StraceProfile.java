package io.northstar.seccomp;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manifest {@code seccomp} section that allows what an strace log shows a program doing
 * (the logic of {@code nstar seccomp STRACE_LOG [--no-default-profile]}, docs/sandbox.md, "From an strace log").
 *
 * @param defaultProfile whether {@code profile: default} is part of the section
 * @param allow          the syscalls allowed unconditionally ({@code name: any}), sorted
 */
public record StraceProfile(boolean defaultProfile, SortedSet<String> allow) {
    /**
     * A syscall line: optional indentation, an optional "[pid N]" or bare pid prefix, then the
     * name directly followed by "(". Resumptions ("<... read resumed>"), signals ("--- SIGCHLD")
     * and exits ("+++ exited") do not match.
     */
    private static final Pattern SYSCALL_LINE = Pattern.compile("^\\s*(?:\\[[^\\]]*\\]|\\d+)?\\s*([a-zA-Z0-9_]+)\\(([^)<]*)");

    /** Plain scalars that a YAML reader would take for something other than a string. */
    private static final Pattern YAML_NON_STRING = Pattern.compile(
            "(?i)y|n|yes|no|on|off|true|false|null|[0-9][0-9_]*|0x[0-9a-f_]+|0o[0-7_]+|0b[01_]+");

    public StraceProfile {
        allow = Collections.unmodifiableSortedSet(new TreeSet<>(allow));
    }

    /** The syscall names of every matching line of an strace log. */
    public static SortedSet<String> syscalls(BufferedReader log) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        for (String line = log.readLine(); line != null; line = log.readLine()) {
            Matcher matcher = SYSCALL_LINE.matcher(line);
            if (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /**
     * Without {@code noDefaultProfile}: {@code profile: default} plus the syscalls the default
     * profile of {@code architecture} does not already contain. With it: every syscall.
     */
    public static StraceProfile of(Collection<String> syscalls, boolean noDefaultProfile,
                                   SeccompArchitecture architecture) {
        Set<String> covered = noDefaultProfile ? Set.of() : new HashSet<>(DefaultSeccompProfile.baseSyscalls(architecture));
        SortedSet<String> allow = new TreeSet<>();
        for (String name : syscalls) {
            if (!covered.contains(name)) {
                allow.add(name);
            }
        }
        return new StraceProfile(!noDefaultProfile, allow);
    }

    public static StraceProfile fromLog(BufferedReader log, boolean noDefaultProfile, SeccompArchitecture architecture)
            throws IOException {
        return of(syscalls(log), noDefaultProfile, architecture);
    }

    /** The section as YAML (what goes under {@code seccomp:}), ending with a newline. */
    public String toYaml() {
        if (!defaultProfile && allow.isEmpty()) {
            return "{}\n";
        }
        StringBuilder yaml = new StringBuilder();
        if (defaultProfile) {
            yaml.append("profile: default\n");
        }
        if (!allow.isEmpty()) {
            yaml.append("allow:\n");
            for (String name : allow) {
                yaml.append("  ").append(yamlKey(name)).append(": any\n");
            }
        }
        return yaml.toString();
    }

    /** What {@code nstar seccomp} prints: the YAML followed by an empty line. */
    public String toOutput() {
        return toYaml() + "\n";
    }

    private static String yamlKey(String name) {
        return YAML_NON_STRING.matcher(name).matches() ? "'" + name + "'" : name;
    }
}
