package io.northstar.runtime.seccomp;

/**
 * One classic BPF instruction, {@code struct sock_filter {u16 code; u8 jt; u8 jf; u32 k;}}.
 * {@code jt}/{@code jf} are unsigned offsets relative to the next instruction; read them with
 * {@link #jumpTrue()}/{@link #jumpFalse()}.
 */
public record Instruction(short code, byte jt, byte jf, int k) {
    public static final int BPF_LD = 0x00;
    public static final int BPF_ST = 0x02;
    public static final int BPF_ALU = 0x04;
    public static final int BPF_JMP = 0x05;
    public static final int BPF_RET = 0x06;
    public static final int BPF_W = 0x00;
    public static final int BPF_ABS = 0x20;
    public static final int BPF_MEM = 0x60;
    public static final int BPF_AND = 0x50;
    public static final int BPF_JA = 0x00;
    public static final int BPF_JEQ = 0x10;
    public static final int BPF_JGE = 0x30;
    public static final int BPF_K = 0x00;

    /** Largest offset a conditional jump can encode. */
    public static final int MAX_JUMP = 0xFF;

    public static Instruction statement(int code, int k) {
        return new Instruction((short) code, (byte) 0, (byte) 0, k);
    }

    public static Instruction jump(int code, int k, int jt, int jf) {
        if (jt < 0 || jt > MAX_JUMP || jf < 0 || jf > MAX_JUMP) {
            throw new IllegalArgumentException("BPF jump offsets out of range 0.." + MAX_JUMP + ": jt=" + jt + " jf=" + jf);
        }
        return new Instruction((short) code, (byte) jt, (byte) jf, k);
    }

    /** {@code A = *(u32 *) (data + offset)} */
    public static Instruction loadAbsolute(int offset) {
        return statement(BPF_LD | BPF_W | BPF_ABS, offset);
    }

    /** {@code A &= k} */
    public static Instruction and(int k) {
        return statement(BPF_ALU | BPF_AND | BPF_K, k);
    }

    /** {@code return k} */
    public static Instruction ret(int k) {
        return statement(BPF_RET | BPF_K, k);
    }

    /** {@code pc += k} (unconditional, 32-bit offset) */
    public static Instruction jumpAlways(int k) {
        return statement(BPF_JMP | BPF_JA, k);
    }

    /** {@code pc += (A == k) ? jt : jf} */
    public static Instruction jumpIfEqual(int k, int jt, int jf) {
        return jump(BPF_JMP | BPF_JEQ | BPF_K, k, jt, jf);
    }

    public int opcode() {
        return code & 0xFFFF;
    }

    public int jumpTrue() {
        return jt & 0xFF;
    }

    public int jumpFalse() {
        return jf & 0xFF;
    }

    /** Readable form in the style of {@code bpf_dbg}, for logs and test failures. */
    @Override
    public String toString() {
        String k = String.format("0x%08x", this.k);
        return switch (opcode()) {
            case BPF_LD | BPF_W | BPF_ABS -> "ld [" + this.k + "]";
            case BPF_LD | BPF_MEM -> "ld M[" + this.k + "]";
            case BPF_ST -> "st M[" + this.k + "]";
            case BPF_ALU | BPF_AND | BPF_K -> "and #" + k;
            case BPF_JMP | BPF_JA -> "ja +" + Integer.toUnsignedString(this.k);
            case BPF_JMP | BPF_JEQ | BPF_K -> "jeq #" + k + " jt +" + jumpTrue() + " jf +" + jumpFalse();
            case BPF_JMP | BPF_JGE | BPF_K -> "jge #" + k + " jt +" + jumpTrue() + " jf +" + jumpFalse();
            case BPF_RET | BPF_K -> "ret #" + k;
            default -> String.format("code=0x%04x jt=%d jf=%d k=%s", opcode(), jumpTrue(), jumpFalse(), k);
        };
    }
}
