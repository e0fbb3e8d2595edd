package io.northstar.runtime.seccomp;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a classic BPF program with symbolic forward jump targets. Conditional jumps encode
 * offsets of at most 255 instructions; a target further away is reached through a
 * {@code JA} trampoline (32-bit offset) placed right after the conditional jump. Inserting a
 * trampoline moves later code, which can push other jumps out of range, so resolution repeats
 * until no jump changes (each jump only ever grows, so this terminates).
 */
final class BpfAssembler {
    /**
     * A position in the program, bound once with {@link #bind(Label)}: the index of the item added
     * next, whose first instruction the label then stands for (the program's end if none follows).
     */
    static final class Label {
        private int item = -1;
    }

    /** What the program is made of; each item knows its length and emits itself. */
    private sealed interface Item permits Plain, Conditional {
        int length();

        /** Grows the jump to a trampoline form if its targets moved out of range; true if it did. */
        default boolean widen(int at, int[] positions) {
            return false;
        }

        void emit(int at, int[] positions, List<Instruction> program);
    }

    private record Plain(Instruction instruction) implements Item {
        @Override
        public int length() {
            return 1;
        }

        @Override
        public void emit(int at, int[] positions, List<Instruction> program) {
            program.add(instruction);
        }
    }

    private static final class Conditional implements Item {
        final int code;
        final int k;
        final Label whenTrue;
        final Label whenFalse;
        boolean farTrue;
        boolean farFalse;

        Conditional(int code, int k, Label whenTrue, Label whenFalse) {
            this.code = code;
            this.k = k;
            this.whenTrue = whenTrue;
            this.whenFalse = whenFalse;
        }

        @Override
        public int length() {
            return 1 + (farTrue ? 1 : 0) + (farFalse ? 1 : 0);
        }

        @Override
        public boolean widen(int at, int[] positions) {
            int next = at + 1;
            boolean widened = false;
            if (!farTrue && target(whenTrue, positions) - next > Instruction.MAX_JUMP) {
                farTrue = true;
                widened = true;
            }
            if (!farFalse && target(whenFalse, positions) - next > Instruction.MAX_JUMP) {
                farFalse = true;
                widened = true;
            }
            return widened;
        }

        @Override
        public void emit(int at, int[] positions, List<Instruction> program) {
            int next = at + 1;
            int firstAfter = at + length();
            int trueTarget = target(whenTrue, positions);
            int falseTarget = target(whenFalse, positions);
            if (trueTarget < firstAfter || falseTarget < firstAfter) {
                throw new IllegalStateException("BPF jumps must go forward (jump at " + at + ")");
            }
            // Trampolines sit directly after the conditional jump, first the one for "true",
            // then the one for "false"; the conditional jump reaches them with offsets 0 and 0/1.
            int jt = farTrue ? 0 : trueTarget - next;
            int jf = farFalse ? (farTrue ? 1 : 0) : falseTarget - next;
            program.add(Instruction.jump(code, k, jt, jf));
            int trampoline = next;
            if (farTrue) {
                program.add(Instruction.jumpAlways(trueTarget - (trampoline + 1)));
                trampoline++;
            }
            if (farFalse) {
                program.add(Instruction.jumpAlways(falseTarget - (trampoline + 1)));
            }
        }
    }

    private final List<Item> items = new ArrayList<>();

    Label label() {
        return new Label();
    }

    /** A label bound to the instruction emitted next. */
    Label here() {
        Label label = new Label();
        bind(label);
        return label;
    }

    void bind(Label label) {
        if (label.item >= 0) {
            throw new IllegalStateException("BPF label bound twice");
        }
        label.item = items.size();
    }

    void emit(Instruction instruction) {
        items.add(new Plain(instruction));
    }

    /** A conditional jump ({@code BPF_JMP | op | BPF_K}) to labels bound later. */
    void jump(int code, int k, Label whenTrue, Label whenFalse) {
        items.add(new Conditional(code, k, whenTrue, whenFalse));
    }

    List<Instruction> assemble() {
        int[] positions = new int[items.size() + 1];
        boolean widened = true;
        while (widened) {
            layout(positions);
            widened = false;
            for (int i = 0; i < items.size(); i++) {
                widened |= items.get(i).widen(positions[i], positions);
            }
        }
        List<Instruction> program = new ArrayList<>(positions[items.size()]);
        for (int i = 0; i < items.size(); i++) {
            items.get(i).emit(positions[i], positions, program);
        }
        return program;
    }

    /** positions[i] = program index of item i's first instruction; positions[size] = length. */
    private void layout(int[] positions) {
        int pc = 0;
        for (int i = 0; i < items.size(); i++) {
            positions[i] = pc;
            pc += items.get(i).length();
        }
        positions[items.size()] = pc;
    }

    private static int target(Label label, int[] positions) {
        if (label.item < 0) {
            throw new IllegalStateException("BPF jump to an unbound label");
        }
        return positions[label.item];
    }
}
