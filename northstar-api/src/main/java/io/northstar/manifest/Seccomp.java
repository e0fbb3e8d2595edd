package io.northstar.manifest;

import io.northstar.common.NonNulString;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code seccomp}: an allow-list filter. {@code allow} keeps the difference
 * between absent and empty because both are written back differently.
 */
public record Seccomp(Optional<SeccompProfile> profile, Optional<Map<NonNulString, SyscallRule>> allow) {
    public Seccomp {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(allow, "allow");
        allow = allow.map(a -> Immutables.map(a, "allow"));
    }
}
