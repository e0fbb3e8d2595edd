package io.northstar.runtime.seccomp;

import io.northstar.seccomp.DefaultSeccompProfile;
import io.northstar.seccomp.SeccompArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleAssemblerTest {
    private static final SeccompArchitecture X86 = SeccompArchitecture.X86_64;

    private static List<NumberedRule> rulesFor(List<NumberedRule> rules, String name) {
        return rules.stream().filter(r -> r.name().equals(name)).toList();
    }

    @Test
    void emptyConfigurationYieldsExecveOnly() {
        assertEquals(List.of(new NumberedRule("execve", 59, SyscallFilter.ANY)),
                RuleAssembler.assemble(X86, SeccompRules.empty(), Set.of("CAP_SYS_ADMIN")));
    }

    @Test
    void rulesAreSortedAndUnique() {
        List<NumberedRule> rules = RuleAssembler.assemble(X86, new SeccompRules(true,
                Map.of("read", SyscallFilter.ANY, "execve", SyscallFilter.ANY)), Set.of("CAP_SYS_ADMIN", "CAP_SYSLOG"));
        for (int i = 1; i < rules.size(); i++) {
            assertTrue(rules.get(i - 1).number() <= rules.get(i).number(), rules.get(i).toString());
            assertFalse(rules.get(i - 1).equals(rules.get(i)), rules.get(i).toString());
        }
        assertEquals(1, rulesFor(rules, "syslog").size());
        assertEquals(1, rulesFor(rules, "execve").size());
    }

    @Test
    void defaultProfileOnX86SkipsNamesTheArchitectureLacks() {
        List<NumberedRule> rules = RuleAssembler.assemble(X86, new SeccompRules(true, Map.of()), Set.of());
        assertTrue(rulesFor(rules, "_llseek").isEmpty());
        assertTrue(rulesFor(rules, "mmap2").isEmpty());
        assertEquals(1, rulesFor(rules, "arch_prctl").size());
        assertTrue(rulesFor(rules, "clone").isEmpty(), "no clone rule without capabilities (QUIRK 2)");
        long known = DefaultSeccompProfile.baseSyscalls(X86).stream()
                .filter(n -> SyscallTable.of(X86).number(n).isPresent()).distinct().count();
        assertEquals(known, rules.size());
    }

    @Test
    void personalityCarriesItsValueRule() {
        List<NumberedRule> rules = RuleAssembler.assemble(X86, new SeccompRules(true, Map.of()), Set.of());
        assertEquals(List.of(new NumberedRule("personality", 135, new SyscallFilter.Args(0,
                DefaultSeccompProfile.PERSONALITY_VALUES, OptionalLong.empty()))), rulesFor(rules, "personality"));
    }

    @Test
    void cloneMaskWithCapabilitiesButWithoutSysAdmin() {
        List<NumberedRule> rules = RuleAssembler.assemble(X86, new SeccompRules(true, Map.of()), Set.of("CAP_NET_RAW"));
        assertEquals(List.of(new NumberedRule("clone", 56, SyscallFilter.Args.mask(0, 0xFFFFFFFF81FDFFFFL))),
                rulesFor(rules, "clone"));
    }

    @Test
    void unconditionalRuleSupersedesArgumentRulesOfTheSameSyscall() {
        List<NumberedRule> rules = RuleAssembler.assemble(X86, new SeccompRules(true,
                Map.of("clone", SyscallFilter.ANY, "personality", SyscallFilter.ANY)), Set.of("CAP_KILL"));
        assertEquals(List.of(new NumberedRule("clone", 56, SyscallFilter.ANY)), rulesFor(rules, "clone"));
        assertEquals(List.of(new NumberedRule("personality", 135, SyscallFilter.ANY)), rulesFor(rules, "personality"));
    }

    @Test
    void aarch64NumbersAndExtras() {
        SeccompArchitecture arm = SeccompArchitecture.AARCH64;
        List<NumberedRule> rules = RuleAssembler.assemble(arm, new SeccompRules(true, Map.of()), Set.of("CAP_KILL"));
        assertEquals(92, rulesFor(rules, "personality").get(0).number());
        assertEquals(List.of(new NumberedRule("clone", 220, SyscallFilter.Args.mask(0, 0xFFFFFFFF81FDFFFFL))),
                rulesFor(rules, "clone"));
        assertTrue(rulesFor(rules, "arch_prctl").isEmpty());
        assertTrue(rulesFor(rules, "open").isEmpty(), "aarch64 has only openat");
        assertEquals(1, rulesFor(rules, "openat").size());
    }

    @Test
    void differentArgumentRulesOfOneSyscallAreAlternatives() {
        List<NumberedRule> rules = RuleAssembler.assemble(X86, new SeccompRules(true,
                Map.of("personality", SyscallFilter.Args.values(0, 0x1L))), Set.of());
        assertEquals(2, rulesFor(rules, "personality").size());
    }
}
