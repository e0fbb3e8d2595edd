package io.northstar.runtime.launch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a container's output stream into log lines: at {@code \n} (a trailing {@code \r}
 * dropped), and a line longer than {@code maxLine} bytes into pieces of at most that many bytes,
 * each piece but the last ending in {@link #SPLIT} and never cutting a UTF-8 character in two. So a
 * container that writes without newlines costs the runtime {@code maxLine} bytes, not its heap.
 */
final class OutputLines {

    /** Marks a piece of a line that goes on in the next log line. */
    static final String SPLIT = "…";

    private final int maxLine;
    private final Consumer<String> sink;
    private final byte[] line;
    private int length;

    OutputLines(int maxLine, Consumer<String> sink) {
        if (maxLine < 4) {
            throw new IllegalArgumentException("maxLine " + maxLine + " cannot hold a UTF-8 character");
        }
        this.maxLine = maxLine;
        this.sink = sink;
        this.line = new byte[maxLine];
    }

    void accept(byte[] data, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            byte b = data[i];
            if (b == '\n') {
                emitLine();
                continue;
            }
            if (length == maxLine) {
                emitPiece();
            }
            line[length++] = b;
        }
    }

    /** The end of the stream: a last line without newline is emitted too. */
    void end() {
        if (length > 0) {
            emitLine();
        }
    }

    private void emitLine() {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        sink.accept(new String(line, 0, end, StandardCharsets.UTF_8));
        length = 0;
    }

    /** The buffer is full and the line goes on: emit up to the last whole character, keep the rest. */
    private void emitPiece() {
        int cut = characterBoundary();
        sink.accept(new String(line, 0, cut, StandardCharsets.UTF_8) + SPLIT);
        int rest = length - cut;
        System.arraycopy(line, cut, line, 0, rest);
        Arrays.fill(line, rest, length, (byte) 0);
        length = rest;
    }

    /**
     * Where the buffer can be cut without splitting a multi-byte character: before the lead byte of
     * a sequence that is not complete. Invalid UTF-8 is cut anywhere (it is replaced anyway).
     */
    private int characterBoundary() {
        for (int back = 1; back <= 3 && back <= length; back++) {
            int b = line[length - back] & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue; // a continuation byte: look further back for its lead byte
            }
            int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            return needed > back ? length - back : length;
        }
        return length;
    }
}
