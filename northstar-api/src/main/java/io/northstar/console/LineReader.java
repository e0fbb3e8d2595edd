package io.northstar.console;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Splits a console byte stream into lines the way Northstar's decoder (tokio-util
 * {@code LinesCodec} with a maximum length) does:
 * <ul>
 *   <li>a line is the bytes before the first {@code \n}; one trailing {@code \r} is removed;</li>
 *   <li>the limit counts the bytes before {@code \n} including a {@code \r}: a line of exactly
 *       {@code maxLength} bytes plus {@code \n} is accepted; as soon as more than {@code maxLength}
 *       bytes are buffered without a {@code \n} among the first {@code maxLength + 1}, reading fails;</li>
 *   <li>end of stream inside a line is an error ("bytes remaining on stream").</li>
 * </ul>
 * After an error the reader keeps failing. Bytes read ahead of the current line stay
 * buffered and are returned first by {@link #read(byte[], int, int)}, which is how the
 * NPK bytes following an {@code install} request are taken off the stream.
 * Not thread-safe.
 */
public final class LineReader {
    /** Northstar's default {@code max_request_size}: 1 MiB. */
    public static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

    private static final int INITIAL_BUFFER = 8192;

    private final InputStream in;
    private final long maxLength;
    private byte[] buf = new byte[INITIAL_BUFFER];
    private int start;
    private int end;
    /** Bytes after {@code start} already known to hold no {@code \n}. */
    private int scanned;
    private FramingException failure;

    /** @param maxLength the line limit in bytes ({@code max_request_size}) */
    public LineReader(InputStream in, int maxLength) {
        this(in, (long) maxLength);
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must not be negative: " + maxLength);
        }
    }

    private LineReader(InputStream in, long maxLength) {
        this.in = Objects.requireNonNull(in, "in");
        this.maxLength = maxLength;
    }

    /** A reader without a line limit, as the client side uses (responses may be of any size). */
    public static LineReader unlimited(InputStream in) {
        return new LineReader(in, Long.MAX_VALUE);
    }

    /**
     * The next line without its terminator, or {@code null} when the stream ended
     * cleanly between lines.
     *
     * @throws FramingException line too long, or stream ended inside a line
     */
    public byte[] readLine() throws IOException {
        if (failure != null) {
            throw failure;
        }
        while (true) {
            int limit = maxLength >= end - start ? end : (int) (start + maxLength + 1);
            for (int i = start + scanned; i < limit; i++) {
                if (buf[i] == '\n') {
                    int lineEnd = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                    byte[] line = Arrays.copyOfRange(buf, start, lineEnd);
                    start = i + 1;
                    scanned = 0;
                    return line;
                }
            }
            scanned = limit - start;
            if (end - start > maxLength) {
                throw fail(FramingException.Reason.LINE_TOO_LONG,
                        "line exceeds max_request_size of " + maxLength + " bytes without a newline");
            }
            if (fill() < 0) {
                if (end == start) {
                    return null;
                }
                throw fail(FramingException.Reason.BYTES_REMAINING,
                        "bytes remaining on stream: " + (end - start) + " bytes of an unterminated line at end of stream");
            }
        }
    }

    /**
     * Raw bytes from the stream: first those already buffered after the last line,
     * then directly from the underlying stream. Returns -1 at end of stream.
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (end > start) {
            int n = Math.min(len, end - start);
            System.arraycopy(buf, start, b, off, n);
            start += n;
            scanned = Math.max(0, scanned - n);
            return n;
        }
        return in.read(b, off, len);
    }

    /** Number of bytes read from the stream but not yet returned. */
    public int buffered() {
        return end - start;
    }

    private FramingException fail(FramingException.Reason reason, String message) {
        failure = new FramingException(reason, message);
        return failure;
    }

    private int fill() throws IOException {
        if (start > 0 && (end == buf.length || start == end)) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, INITIAL_BUFFER));
        }
        int n = in.read(buf, end, buf.length - end);
        if (n > 0) {
            end += n;
        }
        return n;
    }
}
