package io.northstar.runtime.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A classic BPF program ready for {@code seccomp(SECCOMP_SET_MODE_FILTER)} /
 * {@code prctl(PR_SET_SECCOMP)}: its {@link #toSockFilter() bytes} are the
 * {@code struct sock_filter} array that {@code struct sock_fprog.filter} points to.
 */
public record BpfProgram(List<Instruction> instructions) {
    /** BPF_MAXINSNS: the kernel rejects longer programs with EINVAL. */
    public static final int MAX_INSTRUCTIONS = 4096;
    /** sizeof(struct sock_filter) */
    public static final int INSTRUCTION_SIZE = 8;

    public BpfProgram {
        instructions = List.copyOf(instructions);
        if (instructions.isEmpty() || instructions.size() > MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("BPF program length " + instructions.size()
                    + " is outside 1.." + MAX_INSTRUCTIONS);
        }
    }

    public int size() {
        return instructions.size();
    }

    /** The {@code struct sock_filter} array in the byte order of this machine (what the forker installs). */
    public byte[] toSockFilter() {
        return toSockFilter(ByteOrder.nativeOrder());
    }

    public byte[] toSockFilter(ByteOrder order) {
        ByteBuffer buffer = ByteBuffer.allocate(instructions.size() * INSTRUCTION_SIZE).order(order);
        for (Instruction instruction : instructions) {
            buffer.putShort(instruction.code()).put(instruction.jt()).put(instruction.jf()).putInt(instruction.k());
        }
        return buffer.array();
    }

    public static BpfProgram fromSockFilter(byte[] bytes, ByteOrder order) {
        if (bytes.length % INSTRUCTION_SIZE != 0) {
            throw new IllegalArgumentException("struct sock_filter array length " + bytes.length
                    + " is not a multiple of " + INSTRUCTION_SIZE);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(order);
        List<Instruction> instructions = new ArrayList<>(bytes.length / INSTRUCTION_SIZE);
        while (buffer.hasRemaining()) {
            instructions.add(new Instruction(buffer.getShort(), buffer.get(), buffer.get(), buffer.getInt()));
        }
        return new BpfProgram(instructions);
    }

    /** One instruction per line, numbered. */
    public String disassemble() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < instructions.size(); i++) {
            text.append(String.format("%4d: %s%n", i, instructions.get(i)));
        }
        return text.toString();
    }
}
