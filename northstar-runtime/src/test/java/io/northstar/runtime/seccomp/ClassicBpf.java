package io.northstar.runtime.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A classic BPF checker and interpreter for seccomp programs, written from the kernel's rules
 * (net/core/filter.c bpf_check_classic, kernel/seccomp.c seccomp_check_filter): it rejects what
 * the kernel rejects and runs what the kernel runs, so compiled programs can be tested without
 * installing them.
 */
final class ClassicBpf {
    /** sizeof(struct seccomp_data) */
    static final int SECCOMP_DATA_SIZE = 64;
    private static final int BPF_MEMWORDS = 16;

    // Classes, sizes, modes, ops, sources as in linux/bpf_common.h.
    private static final int LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03, ALU = 0x04, JMP = 0x05, RET = 0x06, MISC = 0x07;
    private static final int W = 0x00, IMM = 0x00, ABS = 0x20, MEM = 0x60, LEN = 0x80;
    private static final int ADD = 0x00, SUB = 0x10, MUL = 0x20, DIV = 0x30, OR = 0x40, AND = 0x50, LSH = 0x60,
            RSH = 0x70, NEG = 0x80, MOD = 0x90, XOR = 0xa0;
    private static final int JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40;
    private static final int K = 0x00, X = 0x08, A = 0x10;
    private static final int TAX = 0x00, TXA = 0x80;

    /** The input of a seccomp filter: {@code struct seccomp_data} on a little-endian machine. */
    record SeccompData(int nr, int arch, long instructionPointer, long... args) {
        SeccompData {
            if (args.length > 6) {
                throw new IllegalArgumentException("at most 6 syscall arguments");
            }
            args = java.util.Arrays.copyOf(args, 6);
        }

        static SeccompData call(int arch, int nr, long... args) {
            return new SeccompData(nr, arch, 0x401000L, args);
        }

        ByteBuffer bytes() {
            ByteBuffer buffer = ByteBuffer.allocate(SECCOMP_DATA_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(nr).putInt(arch).putLong(instructionPointer);
            for (long arg : args) {
                buffer.putLong(arg);
            }
            return buffer.flip();
        }
    }

    private ClassicBpf() {
    }

    /** Throws if the kernel would refuse to install the program (EINVAL). */
    static void check(BpfProgram program) {
        List<Instruction> insns = program.instructions();
        int length = insns.size();
        if (length == 0 || length > BpfProgram.MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("length " + length);
        }
        for (int pc = 0; pc < length; pc++) {
            Instruction insn = insns.get(pc);
            int code = insn.opcode();
            switch (code) {
                case LD | W | ABS -> {
                    if ((insn.k() & 3) != 0 || Integer.compareUnsigned(insn.k(), SECCOMP_DATA_SIZE) >= 0) {
                        throw new IllegalArgumentException(where(pc, insn) + ": unaligned or out of seccomp_data");
                    }
                }
                case LD | W | LEN, LDX | W | LEN, LD | IMM, LDX | IMM, RET | K, RET | A, MISC | TAX, MISC | TXA,
                        ALU | NEG -> {
                }
                case LD | MEM, LDX | MEM, ST, STX -> {
                    if (Integer.compareUnsigned(insn.k(), BPF_MEMWORDS) >= 0) {
                        throw new IllegalArgumentException(where(pc, insn) + ": scratch memory index");
                    }
                }
                case ALU | ADD | K, ALU | SUB | K, ALU | MUL | K, ALU | OR | K, ALU | AND | K, ALU | LSH | K,
                        ALU | RSH | K, ALU | XOR | K, ALU | ADD | X, ALU | SUB | X, ALU | MUL | X, ALU | DIV | X,
                        ALU | OR | X, ALU | AND | X, ALU | LSH | X, ALU | RSH | X, ALU | XOR | X, ALU | MOD | X -> {
                }
                case ALU | DIV | K, ALU | MOD | K -> {
                    if (insn.k() == 0) {
                        throw new IllegalArgumentException(where(pc, insn) + ": division by zero");
                    }
                }
                case JMP | JA -> {
                    if (Integer.toUnsignedLong(insn.k()) >= length - pc - 1) {
                        throw new IllegalArgumentException(where(pc, insn) + ": jump out of program");
                    }
                }
                case JMP | JEQ | K, JMP | JGT | K, JMP | JGE | K, JMP | JSET | K, JMP | JEQ | X, JMP | JGT | X,
                        JMP | JGE | X, JMP | JSET | X -> {
                    if (pc + 1 + insn.jumpTrue() >= length || pc + 1 + insn.jumpFalse() >= length) {
                        throw new IllegalArgumentException(where(pc, insn) + ": jump out of program");
                    }
                }
                default -> throw new IllegalArgumentException(where(pc, insn) + ": opcode not allowed in seccomp filters");
            }
        }
        int last = insns.get(length - 1).opcode();
        if (last != (RET | K) && last != (RET | A)) {
            throw new IllegalArgumentException("last instruction is not a return");
        }
    }

    private static String where(int pc, Instruction insn) {
        return "instruction " + pc + " (" + insn + ")";
    }

    /** Checks the program, then runs it on {@code data} and returns the filter's verdict. */
    static int run(BpfProgram program, SeccompData data) {
        check(program);
        return execute(program, data);
    }

    /** Runs a program that already passed {@link #check(BpfProgram)}. */
    static int execute(BpfProgram program, SeccompData data) {
        return trace(program, data).verdict();
    }

    /** A run's verdict and the number of instructions it executed (the filter's cost for a call). */
    record Trace(int verdict, int steps) {
    }

    static Trace trace(BpfProgram program, SeccompData data) {
        List<Instruction> insns = program.instructions();
        ByteBuffer input = data.bytes();
        int a = 0;
        int x = 0;
        int[] memory = new int[BPF_MEMWORDS];
        int pc = 0;
        int steps = 0;
        while (true) {
            Instruction insn = insns.get(pc++);
            steps++;
            int k = insn.k();
            switch (insn.opcode()) {
                case LD | W | ABS -> a = input.getInt(k);
                case LD | W | LEN -> a = SECCOMP_DATA_SIZE;
                case LDX | W | LEN -> x = SECCOMP_DATA_SIZE;
                case LD | IMM -> a = k;
                case LDX | IMM -> x = k;
                case LD | MEM -> a = memory[k];
                case LDX | MEM -> x = memory[k];
                case ST -> memory[k] = a;
                case STX -> memory[k] = x;
                case MISC | TAX -> x = a;
                case MISC | TXA -> a = x;
                case ALU | NEG -> a = -a;
                case RET | K -> {
                    return new Trace(k, steps);
                }
                case RET | A -> {
                    return new Trace(a, steps);
                }
                case JMP | JA -> pc += k;
                default -> {
                    int cls = insn.opcode() & 0x07;
                    int operand = (insn.opcode() & X) != 0 ? x : k;
                    if (cls == ALU && ((insn.opcode() & 0xf0) == DIV || (insn.opcode() & 0xf0) == MOD) && operand == 0) {
                        return new Trace(0, steps); // the kernel ends the program with verdict 0 on division by X == 0
                    } else if (cls == ALU) {
                        a = alu(insn.opcode() & 0xf0, a, operand);
                    } else if (cls == JMP) {
                        pc += condition(insn.opcode() & 0xf0, a, operand) ? insn.jumpTrue() : insn.jumpFalse();
                    } else {
                        throw new IllegalStateException("unchecked opcode " + insn);
                    }
                }
            }
        }
    }

    private static int alu(int op, int a, int operand) {
        return switch (op) {
            case ADD -> a + operand;
            case SUB -> a - operand;
            case MUL -> a * operand;
            case DIV -> Integer.divideUnsigned(a, operand);
            case MOD -> Integer.remainderUnsigned(a, operand);
            case OR -> a | operand;
            case AND -> a & operand;
            case XOR -> a ^ operand;
            case LSH -> a << operand;
            case RSH -> a >>> operand;
            default -> throw new IllegalStateException("ALU op " + op);
        };
    }

    private static boolean condition(int op, int a, int operand) {
        return switch (op) {
            case JEQ -> a == operand;
            case JGT -> Integer.compareUnsigned(a, operand) > 0;
            case JGE -> Integer.compareUnsigned(a, operand) >= 0;
            case JSET -> (a & operand) != 0;
            default -> throw new IllegalStateException("JMP op " + op);
        };
    }
}
