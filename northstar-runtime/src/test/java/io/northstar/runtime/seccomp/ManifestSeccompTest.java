package io.northstar.runtime.seccomp;

import io.northstar.manifest.Manifest;
import io.northstar.seccomp.SeccompArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestSeccompTest {
    private static final String BASE = "name: test-container\nversion: 0.0.1\ninit: /test-container\nuid: 1000\ngid: 1000\n";

    @Test
    void testContainerManifestMapsToCompilerRules() {
        Manifest manifest = Manifest.parse(BASE + """
                seccomp:
                  profile: default
                  allow:
                    delete_module: !args
                      index: 1
                      values: [1]
                      mask: 0x06
                    clone: any
                    clone3: any
                """);
        SeccompRules rules = ManifestSeccomp.rules(manifest.seccomp().orElseThrow());
        assertEquals(new SeccompRules(true, Map.of(
                "delete_module", new SyscallFilter.Args(1, List.of(1L), OptionalLong.of(6)),
                "clone", SyscallFilter.ANY,
                "clone3", SyscallFilter.ANY)), rules);
        BpfProgram program = ManifestSeccomp.filter(manifest, SeccompArchitecture.X86_64).orElseThrow();
        assertEquals(SeccompCompiler.compile(SeccompArchitecture.X86_64, rules, Set.of()), program);
    }

    @Test
    void emptySeccompSectionStillFiltersAndCapabilitiesArePassed() {
        Manifest manifest = Manifest.parse(BASE + "seccomp: {}\ncapabilities: [CAP_SYS_ADMIN]\n");
        assertEquals(SeccompRules.empty(), ManifestSeccomp.rules(manifest.seccomp().orElseThrow()));
        assertEquals(SeccompCompiler.compile(SeccompArchitecture.AARCH64, SeccompRules.empty(), Set.of()),
                ManifestSeccomp.filter(manifest, SeccompArchitecture.AARCH64).orElseThrow());

        Manifest withProfile = Manifest.parse(BASE + "seccomp: {profile: default}\ncapabilities: [CAP_SYS_ADMIN]\n");
        assertEquals(SeccompCompiler.compile(SeccompArchitecture.X86_64, new SeccompRules(true, Map.of()),
                        Set.of("CAP_SYS_ADMIN")),
                ManifestSeccomp.filter(withProfile, SeccompArchitecture.X86_64).orElseThrow());
    }

    @Test
    void noSeccompSectionMeansNoFilter() {
        assertTrue(ManifestSeccomp.filter(Manifest.parse(BASE), SeccompArchitecture.X86_64).isEmpty());
        assertTrue(ManifestSeccomp.filter(Manifest.parse(BASE), SeccompArchitecture.X86_64, DefaultSeccomp.NONE)
                .isEmpty());
    }

    /** {@code default_seccomp = "default"}: exactly what {@code seccomp: {profile: default}} gives, extras included. */
    @Test
    void noSeccompSectionGetsTheDefaultProfileWhenConfigured() {
        for (String capabilities : List.of("", "capabilities: [CAP_SYS_ADMIN, CAP_SYS_PTRACE]\n")) {
            Manifest without = Manifest.parse(BASE + capabilities);
            Manifest explicit = Manifest.parse(BASE + capabilities + "seccomp: {profile: default}\n");
            for (SeccompArchitecture arch : SeccompArchitecture.values()) {
                BpfProgram program = ManifestSeccomp.filter(without, arch, DefaultSeccomp.DEFAULT).orElseThrow();
                assertEquals(ManifestSeccomp.filter(explicit, arch).orElseThrow(), program, capabilities + arch);
            }
        }
        BpfProgram plain = ManifestSeccomp.filter(Manifest.parse(BASE), SeccompArchitecture.X86_64,
                DefaultSeccomp.DEFAULT).orElseThrow();
        assertEquals(SeccompCompiler.SECCOMP_RET_KILL_PROCESS, verdict(plain, "io_uring_setup"));
        assertEquals(SeccompCompiler.SECCOMP_RET_KILL_PROCESS, verdict(plain, "mount"));
        assertEquals(SeccompCompiler.SECCOMP_RET_ALLOW, verdict(plain, "read"));
        BpfProgram admin = ManifestSeccomp.filter(Manifest.parse(BASE + "capabilities: [CAP_SYS_ADMIN]\n"),
                SeccompArchitecture.X86_64, DefaultSeccomp.DEFAULT).orElseThrow();
        assertEquals(SeccompCompiler.SECCOMP_RET_ALLOW, verdict(admin, "mount"));
    }

    /** The configured fallback never replaces a section the manifest has, however permissive. */
    @Test
    void aSeccompSectionWinsOverTheConfiguredDefault() {
        Manifest manifest = Manifest.parse(BASE + "seccomp:\n  allow:\n    io_uring_setup: any\n");
        BpfProgram program = ManifestSeccomp.filter(manifest, SeccompArchitecture.X86_64, DefaultSeccomp.DEFAULT)
                .orElseThrow();
        assertEquals(ManifestSeccomp.filter(manifest, SeccompArchitecture.X86_64).orElseThrow(), program);
        assertEquals(SeccompCompiler.SECCOMP_RET_ALLOW, verdict(program, "io_uring_setup"));
        assertEquals(SeccompCompiler.SECCOMP_RET_KILL_PROCESS, verdict(program, "read"));
    }

    private static int verdict(BpfProgram program, String name) {
        SeccompArchitecture arch = SeccompArchitecture.X86_64;
        return ClassicBpf.run(program, ClassicBpf.SeccompData.call(arch.auditArch(),
                SyscallTable.of(arch).number(name).orElseThrow()));
    }
}
