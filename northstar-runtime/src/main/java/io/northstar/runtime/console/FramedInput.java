package io.northstar.runtime.console;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a console stream into lines with Northstar's length rule (console-protocol §1), and hands
 * out raw bytes for the NPK stream of an install, starting with what was already buffered after
 * the request line.
 */
final class FramedInput {

    /** The peer broke the framing: over-long line or a partial line at end of stream. */
    static final class FramingException extends IOException {
        FramingException(String message) {
            super(message);
        }
    }

    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final int maxLine;
    private byte[] buffer = new byte[CHUNK];
    private int start;
    private int end;

    FramedInput(InputStream in, long maxLine) {
        this.in = in;
        this.maxLine = (int) Math.min(maxLine, Integer.MAX_VALUE - 2 * CHUNK);
    }

    /**
     * The next line without {@code \n} (a trailing {@code \r} stays: the JSON parser treats it as
     * whitespace, and it counts towards the limit as in tokio's LinesCodec); null at a clean end.
     */
    byte[] readLine() throws IOException {
        int scanned = 0; // relative to start: fill() moves the buffered bytes
        while (true) {
            for (int i = start + scanned; i < end; i++) {
                if (buffer[i] == '\n') {
                    if (i - start > maxLine) {
                        throw tooLong();
                    }
                    byte[] line = Arrays.copyOfRange(buffer, start, i);
                    start = i + 1;
                    return line;
                }
            }
            scanned = end - start;
            if (end - start > maxLine) {
                throw tooLong();
            }
            if (fill() < 0) {
                if (end > start) {
                    throw new FramingException("bytes remaining on stream");
                }
                return null;
            }
        }
    }

    private FramingException tooLong() {
        return new FramingException("line longer than max_request_size " + maxLine);
    }

    /** Raw bytes: buffered ones first, then the stream; -1 at end of stream. */
    int readRaw(byte[] into, int offset, int length) throws IOException {
        if (end > start) {
            int n = Math.min(length, end - start);
            System.arraycopy(buffer, start, into, offset, n);
            start += n;
            return n;
        }
        return in.read(into, offset, length);
    }

    private int fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, maxLine + 1 + CHUNK));
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n > 0) {
            end += n;
        }
        return n;
    }

    /** Reads exactly {@code length} raw bytes or fails. */
    void readFully(byte[] into, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = readRaw(into, done, length - done);
            if (n < 0) {
                throw new EOFException("stream ended after " + done + " of " + length + " bytes");
            }
            done += n;
        }
    }
}
