package io.northstar.runtime.seccomp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BpfAssemblerTest {
    private static final int JEQ = Instruction.BPF_JMP | Instruction.BPF_JEQ | Instruction.BPF_K;

    /** jeq #7 ? far : near, with {@code distance} filler instructions in between. */
    private static BpfProgram farAndNear(int distance) {
        BpfAssembler asm = new BpfAssembler();
        BpfAssembler.Label far = asm.label();
        BpfAssembler.Label near = asm.label();
        asm.emit(Instruction.loadAbsolute(0));
        asm.jump(JEQ, 7, far, near);
        asm.bind(near);
        asm.emit(Instruction.ret(1));
        for (int i = 0; i < distance; i++) {
            asm.emit(Instruction.loadAbsolute(4));
        }
        asm.bind(far);
        asm.emit(Instruction.ret(2));
        return new BpfProgram(asm.assemble());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 253, 254, 255, 256, 1000, 4000})
    void farTargetsAreReachedThroughTrampolines(int distance) {
        BpfProgram program = farAndNear(distance);
        ClassicBpf.check(program);
        assertEquals(2, ClassicBpf.run(program, ClassicBpf.SeccompData.call(0, 7)));
        assertEquals(1, ClassicBpf.run(program, ClassicBpf.SeccompData.call(0, 8)));
        int expectedLength = 4 + distance + (distance + 1 > Instruction.MAX_JUMP ? 1 : 0);
        assertEquals(expectedLength, program.size(), program.disassemble());
    }

    @Test
    void bothTargetsFar() {
        BpfAssembler asm = new BpfAssembler();
        BpfAssembler.Label a = asm.label();
        BpfAssembler.Label b = asm.label();
        asm.emit(Instruction.loadAbsolute(0));
        asm.jump(JEQ, 7, a, b);
        for (int i = 0; i < 300; i++) {
            asm.emit(Instruction.loadAbsolute(4));
        }
        asm.bind(a);
        asm.emit(Instruction.ret(1));
        for (int i = 0; i < 300; i++) {
            asm.emit(Instruction.loadAbsolute(4));
        }
        asm.bind(b);
        asm.emit(Instruction.ret(2));
        BpfProgram program = new BpfProgram(asm.assemble());
        assertEquals(1, ClassicBpf.run(program, ClassicBpf.SeccompData.call(0, 7)));
        assertEquals(2, ClassicBpf.run(program, ClassicBpf.SeccompData.call(0, 6)));
        List<Instruction> head = program.instructions().subList(0, 4);
        assertEquals(Instruction.jumpIfEqual(7, 0, 1), head.get(1));
        assertEquals(Instruction.jumpAlways(1 + 300), head.get(2)); // over the second trampoline
        assertEquals(Instruction.jumpAlways(300 + 1 + 300), head.get(3));
    }

    @Test
    void widenedJumpsPushOthersOutOfRangeAndAreWidenedToo() {
        // A chain of jumps that all target one label 255 instructions after the first: widening
        // the first moves the label one further for all the others.
        BpfAssembler asm = new BpfAssembler();
        BpfAssembler.Label end = asm.label();
        asm.emit(Instruction.loadAbsolute(0));
        for (int i = 0; i < 10; i++) {
            BpfAssembler.Label next = asm.label();
            asm.jump(JEQ, i, end, next);
            asm.bind(next);
        }
        for (int i = 0; i < 245; i++) {
            asm.emit(Instruction.loadAbsolute(4));
        }
        asm.emit(Instruction.ret(1));
        asm.bind(end);
        asm.emit(Instruction.ret(2));
        BpfProgram program = new BpfProgram(asm.assemble());
        ClassicBpf.check(program);
        for (int i = 0; i < 10; i++) {
            assertEquals(2, ClassicBpf.run(program, ClassicBpf.SeccompData.call(0, i)), "nr " + i);
        }
        assertEquals(1, ClassicBpf.run(program, ClassicBpf.SeccompData.call(0, 10)));
    }

    @Test
    void unboundLabelsAndBackwardJumpsAreErrors() {
        BpfAssembler unbound = new BpfAssembler();
        unbound.jump(JEQ, 1, unbound.label(), unbound.label());
        assertThrows(IllegalStateException.class, unbound::assemble);

        BpfAssembler backward = new BpfAssembler();
        BpfAssembler.Label start = backward.here();
        backward.emit(Instruction.loadAbsolute(0));
        backward.jump(JEQ, 1, start, start);
        backward.emit(Instruction.ret(0));
        assertThrows(IllegalStateException.class, backward::assemble);
    }
}
