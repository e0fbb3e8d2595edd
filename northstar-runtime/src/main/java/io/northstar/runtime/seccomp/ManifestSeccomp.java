package io.northstar.runtime.seccomp;

import io.northstar.common.NonNulString;
import io.northstar.manifest.Capability;
import io.northstar.manifest.Manifest;
import io.northstar.manifest.Seccomp;
import io.northstar.manifest.SeccompProfile;
import io.northstar.manifest.SyscallRule;
import io.northstar.seccomp.SeccompArchitecture;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Maps a manifest's {@code seccomp} section and capabilities onto the compiler's input. */
public final class ManifestSeccomp {
    /** What {@code default_seccomp = "default"} stands in for a manifest without {@code seccomp}. */
    static final Seccomp DEFAULT_PROFILE = new Seccomp(Optional.of(SeccompProfile.DEFAULT), Optional.empty());

    private ManifestSeccomp() {
    }

    /**
     * The filter a container's process installs, or empty if the manifest has no
     * {@code seccomp} section (then no filter is installed at all, as in Northstar).
     */
    public static Optional<BpfProgram> filter(Manifest manifest, SeccompArchitecture architecture) {
        return filter(manifest, architecture, DefaultSeccomp.NONE);
    }

    /**
     * The filter a container's process installs. A manifest without {@code seccomp} section gets
     * what {@code fallback} says: nothing, or exactly the filter of {@code seccomp: {profile: default}}.
     */
    public static Optional<BpfProgram> filter(Manifest manifest, SeccompArchitecture architecture,
            DefaultSeccomp fallback) {
        Optional<Seccomp> seccomp = manifest.seccomp().or(() -> switch (fallback) {
            case NONE -> Optional.empty();
            case DEFAULT -> Optional.of(DEFAULT_PROFILE);
        });
        return seccomp.map(s -> SeccompCompiler.compile(architecture, rules(s),
                capabilityNames(manifest.capabilities())));
    }

    public static SeccompRules rules(Seccomp seccomp) {
        Map<String, SyscallFilter> allow = new LinkedHashMap<>();
        seccomp.allow().orElse(Map.of()).forEach((name, rule) -> allow.put(name.toString(), rule(name, rule)));
        return new SeccompRules(seccomp.profile().filter(SeccompProfile.DEFAULT::equals).isPresent(), allow);
    }

    public static Set<String> capabilityNames(Set<Capability> capabilities) {
        return capabilities.stream().map(Capability::name).collect(Collectors.toUnmodifiableSet());
    }

    private static SyscallFilter rule(NonNulString name, SyscallRule rule) {
        return switch (rule) {
            case SyscallRule.Any any -> SyscallFilter.ANY;
            case SyscallRule.Args args -> {
                if (args.index() < 0 || args.index() > SyscallFilter.MAX_ARG_INDEX) {
                    throw new SeccompException("seccomp rule of " + name + ": argument index " + args.index()
                            + " is out of range 0.." + SyscallFilter.MAX_ARG_INDEX);
                }
                if (args.values().map(List::isEmpty).orElse(true) && args.mask().isEmpty()) {
                    throw new SeccompException("seccomp rule of " + name
                            + ": either 'values' or 'mask' must be defined in a syscall argument filter");
                }
                yield new SyscallFilter.Args((int) args.index(), args.values().orElse(List.of()), args.mask());
            }
        };
    }
}
