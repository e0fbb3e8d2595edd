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
                "delete_module", new SyscallRule.Args(1, List.of(1L), OptionalLong.of(6)),
                "clone", SyscallRule.ANY,
                "clone3", SyscallRule.ANY)), rules);
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
    }
}
