package io.northstar.seccomp;

import java.util.Locale;
import java.util.Optional;

/**
 * The target architectures a seccomp filter can be built for. The audit value is what the
 * kernel puts into {@code seccomp_data.arch}; a filter only accepts syscalls made through the
 * ABI it was built for, because syscall numbers mean different things on other ABIs.
 */
public enum SeccompArchitecture {
    /** AUDIT_ARCH_X86_64 = EM_X86_64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE. */
    X86_64("x86_64", 0xC000003E),
    /** AUDIT_ARCH_AARCH64 = EM_AARCH64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE. */
    AARCH64("aarch64", 0xC00000B7);

    private final String label;
    private final int auditArch;

    SeccompArchitecture(String label, int auditArch) {
        this.label = label;
        this.auditArch = auditArch;
    }

    /** The architecture name as Rust's {@code target_arch} spells it. */
    public String label() {
        return label;
    }

    /** The AUDIT_ARCH_* constant compared against {@code seccomp_data.arch}. */
    public int auditArch() {
        return auditArch;
    }

    /** Maps a JVM {@code os.arch} value ({@code amd64}, {@code aarch64}, ...). */
    public static Optional<SeccompArchitecture> fromOsArch(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> Optional.of(X86_64);
            case "aarch64", "arm64" -> Optional.of(AARCH64);
            default -> Optional.empty();
        };
    }

    /** The architecture this JVM runs on. */
    public static SeccompArchitecture host() {
        String osArch = System.getProperty("os.arch");
        return fromOsArch(osArch).orElseThrow(() -> new IllegalStateException(
                "seccomp: unsupported host architecture " + osArch + " (supported: x86_64, aarch64)"));
    }

    @Override
    public String toString() {
        return label;
    }
}
