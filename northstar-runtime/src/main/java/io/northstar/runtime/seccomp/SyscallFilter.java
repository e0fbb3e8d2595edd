package io.northstar.runtime.seccomp;

import java.util.List;
import java.util.OptionalLong;

/**
 * How one allowed syscall is restricted: not at all, or by the value of one of its arguments.
 * This is the compiler's input model; the manifest's {@code seccomp.allow} maps onto it.
 */
public sealed interface SyscallFilter {
    /** The largest argument index: seccomp_data carries six arguments. */
    int MAX_ARG_INDEX = 5;

    SyscallFilter ANY = new Any();

    /** The syscall is allowed with any arguments (manifest {@code any}). */
    record Any() implements SyscallFilter {
    }

    /**
     * The syscall is allowed if the 64-bit argument {@code index} equals one of {@code values},
     * or if it sets no bit outside {@code mask} (manifest {@code !args}). Values and mask are
     * unsigned 64-bit quantities held in {@code long}s.
     */
    record Args(int index, List<Long> values, OptionalLong mask) implements SyscallFilter {
        public Args {
            if (index < 0 || index > MAX_ARG_INDEX) {
                throw new IllegalArgumentException(
                        "seccomp syscall argument index " + index + " is out of range 0.." + MAX_ARG_INDEX);
            }
            values = List.copyOf(values);
            if (values.isEmpty() && mask.isEmpty()) {
                throw new IllegalArgumentException(
                        "either 'values' or 'mask' must be defined in a seccomp syscall argument filter");
            }
        }

        public static Args values(int index, Long... values) {
            return new Args(index, List.of(values), OptionalLong.empty());
        }

        public static Args mask(int index, long mask) {
            return new Args(index, List.of(), OptionalLong.of(mask));
        }
    }
}
