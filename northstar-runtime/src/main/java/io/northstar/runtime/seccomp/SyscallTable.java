package io.northstar.runtime.seccomp;

import io.northstar.seccomp.SeccompArchitecture;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Syscall names and numbers of one target architecture. The numbers come from the kernel UAPI
 * headers (see {@code src/main/scripts/gen-syscall-tables.sh}), not from the JVM's host, so a
 * filter can be built and checked for any supported architecture on any machine.
 */
public final class SyscallTable {
    private static final Map<SeccompArchitecture, SyscallTable> TABLES = new EnumMap<>(SeccompArchitecture.class);

    static {
        for (SeccompArchitecture architecture : SeccompArchitecture.values()) {
            Map<String, Integer> numbers = switch (architecture) {
                case X86_64 -> SyscallNumbers.x86_64();
                case AARCH64 -> SyscallNumbers.aarch64();
            };
            TABLES.put(architecture, new SyscallTable(architecture, numbers));
        }
    }

    private final SeccompArchitecture architecture;
    private final Map<String, Integer> numbers;
    private final Map<Integer, String> names;

    private SyscallTable(SeccompArchitecture architecture, Map<String, Integer> numbers) {
        this.architecture = architecture;
        this.numbers = Map.copyOf(numbers);
        Map<Integer, String> byNumber = new HashMap<>();
        numbers.forEach((name, number) -> {
            String previous = byNumber.putIfAbsent(number, name);
            if (previous != null) {
                throw new IllegalStateException("syscall table " + architecture + ": " + previous + " and " + name
                        + " share number " + number);
            }
        });
        this.names = Map.copyOf(byNumber);
    }

    public static SyscallTable of(SeccompArchitecture architecture) {
        return TABLES.get(architecture);
    }

    public SeccompArchitecture architecture() {
        return architecture;
    }

    /** The number of {@code name} on this architecture, empty if the architecture lacks it. */
    public OptionalInt number(String name) {
        Integer number = numbers.get(name);
        return number == null ? OptionalInt.empty() : OptionalInt.of(number);
    }

    public Optional<String> name(int number) {
        return Optional.ofNullable(names.get(number));
    }

    public int size() {
        return numbers.size();
    }
}
