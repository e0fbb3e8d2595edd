package io.northstar.runtime.seccomp;

import io.northstar.runtime.seccomp.ClassicBpf.SeccompData;
import io.northstar.seccomp.SeccompArchitecture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random rule sets against a reference that states the filter's meaning directly: a call is
 * allowed iff the architecture matches and some rule of its number is unconditional, lists the
 * argument's value, or has a mask that covers every bit the argument sets.
 */
class SeccompCompilerPropertyTest {
    private static final long SEED = 0x5ecc0b9L;

    private static boolean reference(List<NumberedRule> rules, SeccompArchitecture arch, SeccompData data) {
        if (data.arch() != arch.auditArch()) {
            return false;
        }
        for (NumberedRule rule : rules) {
            if (rule.number() != data.nr()) {
                continue;
            }
            if (rule.rule() instanceof SyscallFilter.Args args) {
                long arg = data.args()[args.index()];
                if (args.values().contains(arg)
                        || (args.mask().isPresent() && (arg & ~args.mask().getAsLong()) == 0)) {
                    return true;
                }
            } else {
                return true;
            }
        }
        return false;
    }

    private static long interesting(Random random, List<Long> pool) {
        return switch (random.nextInt(5)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextInt(16);
            case 2 -> pool.isEmpty() ? 0 : pool.get(random.nextInt(pool.size()));
            case 3 -> pool.isEmpty() ? 1 : pool.get(random.nextInt(pool.size())) ^ (1L << random.nextInt(64));
            default -> pool.isEmpty() ? 2 : pool.get(random.nextInt(pool.size())) & random.nextLong();
        };
    }

    @Test
    void compiledProgramsAgreeWithTheReference() {
        Random random = new Random(SEED);
        for (int round = 0; round < 200; round++) {
            SeccompArchitecture arch = SeccompArchitecture.values()[random.nextInt(2)];
            SyscallTable table = SyscallTable.of(arch);
            List<Long> pool = new ArrayList<>();
            Map<String, SyscallFilter> allow = new LinkedHashMap<>();
            int ruleCount = random.nextInt(40);
            for (int i = 0; i < ruleCount; i++) {
                String name = table.name(random.nextInt(300)).orElse("not_a_syscall_" + i);
                if (random.nextInt(3) == 0) {
                    allow.put(name, SyscallFilter.ANY);
                    continue;
                }
                List<Long> values = new ArrayList<>();
                int valueCount = random.nextInt(4) == 0 ? random.nextInt(120) : random.nextInt(4);
                for (int v = 0; v < valueCount; v++) {
                    values.add(interesting(random, pool));
                }
                OptionalLong mask = values.isEmpty() || random.nextBoolean()
                        ? OptionalLong.of(random.nextBoolean() ? random.nextInt(256) : random.nextLong())
                        : OptionalLong.empty();
                pool.addAll(values);
                mask.ifPresent(pool::add);
                allow.put(name, new SyscallFilter.Args(random.nextInt(6), values, mask));
            }
            SeccompRules rules = new SeccompRules(random.nextBoolean(), allow);
            Set<String> capabilities = random.nextBoolean() ? Set.of() : Set.of("CAP_KILL");
            List<NumberedRule> assembled = RuleAssembler.assemble(arch, rules, capabilities);
            BpfProgram program = SeccompCompiler.compile(arch, assembled);
            ClassicBpf.check(program);
            for (int call = 0; call < 300; call++) {
                int nr = switch (random.nextInt(8)) {
                    case 0 -> -1; // "no syscall", e.g. after ptrace changed it
                    case 1 -> 0x40000000 | random.nextInt(600); // x32
                    case 2, 3 -> random.nextInt(460);
                    default -> assembled.isEmpty() ? random.nextInt(460)
                            : assembled.get(random.nextInt(assembled.size())).number();
                };
                int auditArch = random.nextInt(20) == 0 ? 0x40000003 : arch.auditArch();
                long[] args = new long[6];
                for (int a = 0; a < 6; a++) {
                    args[a] = interesting(random, pool);
                }
                SeccompData data = SeccompData.call(auditArch, nr, args);
                int expected = reference(assembled, arch, data)
                        ? SeccompCompiler.SECCOMP_RET_ALLOW : SeccompCompiler.SECCOMP_RET_KILL_PROCESS;
                assertEquals(expected, ClassicBpf.execute(program, data),
                        () -> "round " + round(data) + " rules " + assembled);
            }
        }
    }

    private static String round(SeccompData data) {
        return "nr=" + data.nr() + " arch=" + Integer.toHexString(data.arch()) + " args="
                + java.util.Arrays.toString(data.args());
    }
}
