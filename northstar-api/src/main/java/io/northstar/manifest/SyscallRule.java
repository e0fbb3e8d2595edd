package io.northstar.manifest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** The rule for one allowed syscall in {@code seccomp.allow}. */
public sealed interface SyscallRule {
    /** The syscall is allowed with any arguments. */
    record Any() implements SyscallRule {
    }

    /**
     * The syscall is allowed if argument {@code index} matches {@code values}
     * and/or {@code mask}. Values and mask are u64 (read unsigned).
     */
    record Args(long index, Optional<List<Long>> values, OptionalLong mask) implements SyscallRule {
        public Args {
            Objects.requireNonNull(values, "values");
            Objects.requireNonNull(mask, "mask");
            values = values.map(v -> Immutables.list(v, "values"));
        }
    }
}
