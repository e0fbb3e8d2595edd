package io.northstar.runtime.seccomp;

import io.northstar.seccomp.SeccompArchitecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compiles a container's seccomp rules into the classic BPF program its process installs
 * (docs/sandbox.md, "Filter program"). Layout:
 *
 * <pre>
 *   ld [arch] ; jeq AUDIT_ARCH ? +1 : 0 ; ret KILL_PROCESS    foreign ABI (also i386 on x86_64)
 *   ld [nr]
 *   binary search on nr (jge), down to leaves of a few numbers; per leaf:
 *   per rule, ascending nr:
 *     unconditional: jeq nr ? allow : next rule
 *     argument rule: jeq nr ? check : next rule
 *                    per value:  ld lo ; jeq lo(v) ? : next value ; ld hi ; jeq hi(v) ? allow : next value
 *                    with mask:  ld lo ; and ~lo(m) ; jeq 0 ? : fail ; ld hi ; and ~hi(m) ; jeq 0 ? allow : fail
 *                    allow: ret ALLOW ; fail: ld [nr]
 *   ret KILL_PROCESS                                           end of every leaf
 * </pre>
 *
 * Values and mask are alternatives (either allows). Unlike Northstar's layout, a value that
 * does not match falls through to the next value, so every listed value is allowed; and
 * Northstar tests the numbers one after the other, where the search tree needs about ten
 * comparisons for any syscall of the default profile.
 * x32 syscalls (nr | 0x40000000, same AUDIT_ARCH_X86_64) never equal a listed number and are
 * killed.
 */
public final class SeccompCompiler {
    public static final int SECCOMP_RET_KILL_PROCESS = 0x80000000;
    public static final int SECCOMP_RET_ALLOW = 0x7FFF0000;

    /** Offsets into {@code struct seccomp_data}. */
    static final int OFFSET_NR = 0;
    static final int OFFSET_ARCH = 4;
    static final int OFFSET_ARGS = 16;

    private static final int JEQ = Instruction.BPF_JMP | Instruction.BPF_JEQ | Instruction.BPF_K;
    private static final int JGE = Instruction.BPF_JMP | Instruction.BPF_JGE | Instruction.BPF_K;

    /** Numbers tested one after the other at the bottom of the search tree. */
    static final int LEAF_GROUPS = 4;

    private SeccompCompiler() {
    }

    /**
     * Assembles the rules (docs/sandbox.md, "Rules") and compiles them.
     *
     * @param capabilities the container's capabilities by manifest name, e.g. {@code CAP_SYS_ADMIN}
     * @throws SeccompException if the program would exceed the kernel's 4096 instructions
     */
    public static BpfProgram compile(SeccompArchitecture architecture, SeccompRules rules, Set<String> capabilities) {
        return compile(architecture, RuleAssembler.assemble(architecture, rules, capabilities));
    }

    /** Compiles assembled rules; rules of one number are alternatives, in the given order. */
    public static BpfProgram compile(SeccompArchitecture architecture, List<NumberedRule> rules) {
        BpfAssembler asm = new BpfAssembler();

        asm.emit(Instruction.loadAbsolute(OFFSET_ARCH));
        BpfAssembler.Label nativeAbi = asm.label();
        BpfAssembler.Label foreignAbi = asm.label();
        asm.jump(JEQ, architecture.auditArch(), nativeAbi, foreignAbi);
        asm.bind(foreignAbi);
        asm.emit(Instruction.ret(SECCOMP_RET_KILL_PROCESS));
        asm.bind(nativeAbi);
        asm.emit(Instruction.loadAbsolute(OFFSET_NR));

        List<List<NumberedRule>> groups = groupByNumber(rules);
        if (groups.isEmpty()) {
            asm.emit(Instruction.ret(SECCOMP_RET_KILL_PROCESS));
        } else {
            emitSearch(asm, groups, 0, groups.size());
        }

        List<Instruction> program = asm.assemble();
        if (program.size() > BpfProgram.MAX_INSTRUCTIONS) {
            throw new SeccompException("seccomp filter for " + architecture + " with " + rules.size()
                    + " rules needs " + program.size() + " BPF instructions, more than the kernel's limit of "
                    + BpfProgram.MAX_INSTRUCTIONS);
        }
        return new BpfProgram(program);
    }

    /** Rules sorted by number (unsigned, as BPF compares), one list per number. */
    private static List<List<NumberedRule>> groupByNumber(List<NumberedRule> rules) {
        List<NumberedRule> sorted = new ArrayList<>(rules);
        sorted.sort((a, b) -> Integer.compareUnsigned(a.number(), b.number()));
        List<List<NumberedRule>> groups = new ArrayList<>();
        for (NumberedRule rule : sorted) {
            if (groups.isEmpty() || groups.get(groups.size() - 1).get(0).number() != rule.number()) {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(rule);
        }
        return groups;
    }

    /**
     * Binary search over groups [from, to) with A = nr: splits on {@code jge} until at most
     * {@link #LEAF_GROUPS} numbers remain, then tests those in a chain ending in a kill. A
     * syscall thus costs about log2(numbers / LEAF_GROUPS) + LEAF_GROUPS comparisons instead of
     * one per allowed number.
     */
    private static void emitSearch(BpfAssembler asm, List<List<NumberedRule>> groups, int from, int to) {
        if (to - from <= LEAF_GROUPS) {
            for (int g = from; g < to; g++) {
                for (NumberedRule rule : groups.get(g)) {
                    emitRule(asm, rule);
                }
            }
            asm.emit(Instruction.ret(SECCOMP_RET_KILL_PROCESS));
            return;
        }
        int middle = (from + to) >>> 1;
        BpfAssembler.Label lower = asm.label();
        BpfAssembler.Label upper = asm.label();
        asm.jump(JGE, groups.get(middle).get(0).number(), upper, lower);
        asm.bind(lower);
        emitSearch(asm, groups, from, middle);
        asm.bind(upper);
        emitSearch(asm, groups, middle, to);
    }

    /** One rule's block: allows or falls through to the next block with A = nr again. */
    private static void emitRule(BpfAssembler asm, NumberedRule rule) {
        BpfAssembler.Label nextRule = asm.label();
        BpfAssembler.Label check = asm.label();
        BpfAssembler.Label allow = asm.label();
        asm.jump(JEQ, rule.number(), check, nextRule);
        asm.bind(check);
        if (rule.rule() instanceof SyscallFilter.Args args) {
            BpfAssembler.Label fail = asm.label();
            emitArgumentChecks(asm, args, allow, fail);
            asm.bind(allow);
            asm.emit(Instruction.ret(SECCOMP_RET_ALLOW));
            asm.bind(fail);
            // The checks left an argument word in A; the next block compares A with its number.
            asm.emit(Instruction.loadAbsolute(OFFSET_NR));
        } else {
            asm.bind(allow);
            asm.emit(Instruction.ret(SECCOMP_RET_ALLOW));
        }
        asm.bind(nextRule);
    }

    /** Jumps to {@code allow} if any value matches or the mask admits the argument, else to {@code fail}. */
    private static void emitArgumentChecks(BpfAssembler asm, SyscallFilter.Args args,
                                           BpfAssembler.Label allow, BpfAssembler.Label fail) {
        int lo = OFFSET_ARGS + 8 * args.index();
        int hi = lo + 4;
        List<Long> values = args.values();
        for (int j = 0; j < values.size(); j++) {
            long value = values.get(j);
            boolean last = j == values.size() - 1 && args.mask().isEmpty();
            BpfAssembler.Label nextValue = last ? fail : asm.label();
            BpfAssembler.Label loMatches = asm.label();
            asm.emit(Instruction.loadAbsolute(lo));
            asm.jump(JEQ, (int) value, loMatches, nextValue);
            asm.bind(loMatches);
            asm.emit(Instruction.loadAbsolute(hi));
            asm.jump(JEQ, (int) (value >>> 32), allow, nextValue);
            if (!last) {
                asm.bind(nextValue);
            }
        }
        if (args.mask().isPresent()) {
            long outside = ~args.mask().getAsLong();
            BpfAssembler.Label loClean = asm.label();
            asm.emit(Instruction.loadAbsolute(lo));
            asm.emit(Instruction.and((int) outside));
            asm.jump(JEQ, 0, loClean, fail);
            asm.bind(loClean);
            asm.emit(Instruction.loadAbsolute(hi));
            asm.emit(Instruction.and((int) (outside >>> 32)));
            asm.jump(JEQ, 0, allow, fail);
        }
    }
}
