package io.northstar.runtime.seccomp;

import io.northstar.seccomp.DefaultSeccompProfile;
import io.northstar.seccomp.SeccompArchitecture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Collects the rules of a container's filter (docs/sandbox.md, "Rules"): execve, the default
 * profile with its capability-dependent additions, the manifest's allow list; resolved to
 * numbers of the target architecture and sorted by number. Duplicates are dropped, and so are
 * argument rules of a syscall that is also allowed unconditionally (same verdicts, shorter
 * program).
 */
public final class RuleAssembler {
    private static final Logger LOG = LoggerFactory.getLogger(RuleAssembler.class);
    private static final String CAP_SYS_ADMIN = "CAP_SYS_ADMIN";

    private RuleAssembler() {
    }

    /**
     * @param capabilities the container's capability names as in the manifest ({@code CAP_KILL}...)
     */
    public static List<NumberedRule> assemble(SeccompArchitecture architecture, SeccompRules rules,
                                              Set<String> capabilities) {
        List<Map.Entry<String, SyscallFilter>> named = new ArrayList<>();
        // The container process installs the filter before it execs its init, so execve must pass.
        named.add(Map.entry("execve", SyscallFilter.ANY));
        if (rules.defaultProfile()) {
            for (String name : DefaultSeccompProfile.baseSyscalls(architecture)) {
                named.add(Map.entry(name, name.equals(DefaultSeccompProfile.PERSONALITY)
                        ? SyscallFilter.Args.values(0, DefaultSeccompProfile.PERSONALITY_VALUES.toArray(Long[]::new))
                        : SyscallFilter.ANY));
            }
            // Northstar only looks at capabilities when there are some: an empty set gets no clone
            // rule at all (QUIRK kept: containers that need threads allow clone/clone3 themselves).
            if (!capabilities.isEmpty()) {
                for (String capability : new TreeSet<>(capabilities)) {
                    for (String name : DefaultSeccompProfile.capabilitySyscalls(capability)) {
                        named.add(Map.entry(name, SyscallFilter.ANY));
                    }
                }
                if (!capabilities.contains(CAP_SYS_ADMIN)) {
                    named.add(Map.entry("clone",
                            SyscallFilter.Args.mask(0, ~DefaultSeccompProfile.CLONE_NAMESPACE_FLAGS)));
                }
            }
        }
        named.addAll(rules.allow().entrySet());

        // Grouped by number in ascending order. Rules of one syscall are alternatives, so an
        // unconditional rule makes the argument rules of the same syscall redundant.
        SyscallTable table = SyscallTable.of(architecture);
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, Set<SyscallFilter>> byNumber = new TreeMap<>();
        for (Map.Entry<String, SyscallFilter> entry : named) {
            OptionalInt number = table.number(entry.getKey());
            if (number.isEmpty()) {
                LOG.trace("seccomp: skipping syscall {} unknown on {}", entry.getKey(), architecture);
                continue;
            }
            names.putIfAbsent(number.getAsInt(), entry.getKey());
            byNumber.computeIfAbsent(number.getAsInt(), n -> new LinkedHashSet<>()).add(entry.getValue());
        }
        List<NumberedRule> unique = new ArrayList<>();
        byNumber.forEach((number, alternatives) -> {
            if (alternatives.contains(SyscallFilter.ANY)) {
                unique.add(new NumberedRule(names.get(number), number, SyscallFilter.ANY));
            } else {
                alternatives.forEach(rule -> unique.add(new NumberedRule(names.get(number), number, rule)));
            }
        });
        return List.copyOf(unique);
    }
}
