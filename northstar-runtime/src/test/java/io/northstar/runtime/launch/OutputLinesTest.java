package io.northstar.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputLinesTest {

    private final List<String> lines = new ArrayList<>();

    private OutputLines splitter(int max) {
        return new OutputLines(max, lines::add);
    }

    private static void feed(OutputLines out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.accept(bytes, 0, bytes.length);
    }

    @Test
    void linesAreSplitAtNewlineWithoutTheirCarriageReturn() {
        OutputLines out = splitter(16);
        feed(out, "one\r\ntw");
        feed(out, "o\n\nthree");
        out.end();
        assertEquals(List.of("one", "two", "", "three"), lines);
    }

    @Test
    void aLongLineIsLoggedInMarkedPiecesOfAtMostTheLimit() {
        OutputLines out = splitter(16);
        feed(out, "x".repeat(40) + "\n");
        assertEquals(List.of("x".repeat(16) + OutputLines.SPLIT, "x".repeat(16) + OutputLines.SPLIT, "x".repeat(8)),
                lines);
        lines.clear();
        feed(out, "y".repeat(16) + "\n");
        assertEquals(List.of("y".repeat(16)), lines, "exactly the limit is one line, unmarked");
    }

    @Test
    void anEndlessLineNeverHoldsMoreThanTheLimit() {
        OutputLines out = splitter(1024);
        byte[] chunk = new byte[65536];
        java.util.Arrays.fill(chunk, (byte) 'z');
        for (int i = 0; i < 64; i++) { // 4 MiB without a newline
            out.accept(chunk, 0, chunk.length);
        }
        // The last 1024 bytes wait for the newline or the next byte.
        assertEquals(4095, lines.size());
        assertTrue(lines.stream().allMatch(l -> l.equals("z".repeat(1024) + OutputLines.SPLIT)));
    }

    @Test
    void multiByteCharactersAreNeverCut() {
        OutputLines out = splitter(8);
        // Seven a and the lead byte of é fill the 8 bytes: é moves whole to the next piece, as does 𝄞.
        feed(out, "aaaaaaaé€𝄞\n");
        assertEquals(List.of("aaaaaaa" + OutputLines.SPLIT, "é€" + OutputLines.SPLIT, "𝄞"), lines);
        for (String line : lines) {
            assertTrue(!line.contains("\uFFFD"), "no replacement character in " + line);
        }
    }
}
