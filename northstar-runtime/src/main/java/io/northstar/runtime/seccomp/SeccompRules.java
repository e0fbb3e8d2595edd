package io.northstar.runtime.seccomp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A container's seccomp configuration as the compiler consumes it: whether the default profile
 * is included and the explicitly allowed syscalls by name (manifest {@code seccomp}).
 *
 * @param defaultProfile {@code profile: default}
 * @param allow          syscall name to rule; iteration order is kept but does not matter
 */
public record SeccompRules(boolean defaultProfile, Map<String, SyscallFilter> allow) {
    public SeccompRules {
        Objects.requireNonNull(allow, "allow");
        allow.forEach((name, rule) -> {
            Objects.requireNonNull(name, "syscall name");
            Objects.requireNonNull(rule, () -> "rule of " + name);
        });
        allow = Collections.unmodifiableMap(new LinkedHashMap<>(allow));
    }

    /** {@code seccomp: {}}: only execve is allowed. */
    public static SeccompRules empty() {
        return new SeccompRules(false, Map.of());
    }
}
