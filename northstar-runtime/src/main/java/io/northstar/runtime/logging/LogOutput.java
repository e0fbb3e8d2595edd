package io.northstar.runtime.logging;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where events end: each as its whole text ({@link LineLayout}) in one write to stdout, so that
 * lines of different threads never interleave; and to the {@link LogCapture}s that want it.
 * {@code System.out} is looked up at each write, so a replaced stdout is followed.
 */
final class LogOutput {

    private final LineLayout layout;

    LogOutput(LineLayout layout) {
        this.layout = layout;
    }

    void write(LogEvent event) {
        LogCapture.offer(event);
        byte[] text = layout.format(event).getBytes(StandardCharsets.UTF_8);
        PrintStream out = System.out;
        // PrintStream.write(byte[], int, int) holds the stream's lock for the whole text and flushes.
        out.write(text, 0, text.length);
        out.flush();
    }
}
