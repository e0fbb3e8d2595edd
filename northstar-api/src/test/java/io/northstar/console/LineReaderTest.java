package io.northstar.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineReaderTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Hands out at most {@code chunk} bytes per read, like a socket delivering small segments. */
    private static InputStream chunked(byte[] data, int chunk) {
        return new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < data.length ? data[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= data.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, chunk), data.length - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 8192})
    void splitsLinesAndStripsOneCarriageReturn(int chunk) throws IOException {
        LineReader r = new LineReader(chunked(bytes("a\nbc\r\n\r\nd\r\r\n\n"), chunk), 16);
        assertArrayEquals(bytes("a"), r.readLine());
        assertArrayEquals(bytes("bc"), r.readLine());
        assertArrayEquals(bytes(""), r.readLine());
        assertArrayEquals(bytes("d\r"), r.readLine());
        assertArrayEquals(bytes(""), r.readLine());
        assertNull(r.readLine());
        assertNull(r.readLine());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 4096})
    void lineOfExactlyMaxBytesIsAccepted(int chunk) throws IOException {
        byte[] line = new byte[100];
        Arrays.fill(line, (byte) 'x');
        byte[] data = Arrays.copyOf(line, 101);
        data[100] = '\n';
        LineReader r = new LineReader(chunked(data, chunk), 100);
        assertArrayEquals(line, r.readLine());
        assertNull(r.readLine());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 4096})
    void lineOfMaxPlusOneBytesIsRefused(int chunk) {
        byte[] data = new byte[102];
        Arrays.fill(data, (byte) 'x');
        data[101] = '\n';
        LineReader r = new LineReader(chunked(data, chunk), 100);
        FramingException e = assertThrows(FramingException.class, r::readLine);
        assertEquals(FramingException.Reason.LINE_TOO_LONG, e.reason());
        assertTrue(e.getMessage().contains("max_request_size of 100 bytes"), e.getMessage());
        // Stays failed: the connection is to be closed.
        assertSame(e, assertThrows(FramingException.class, r::readLine));
    }

    @Test
    void carriageReturnCountsTowardsTheLimit() throws IOException {
        byte[] ok = bytes("x".repeat(99) + "\r\n");
        assertArrayEquals(bytes("x".repeat(99)), new LineReader(new ByteArrayInputStream(ok), 100).readLine());
        byte[] tooLong = bytes("x".repeat(100) + "\r\n");
        FramingException e = assertThrows(FramingException.class,
                () -> new LineReader(new ByteArrayInputStream(tooLong), 100).readLine());
        assertEquals(FramingException.Reason.LINE_TOO_LONG, e.reason());
    }

    @Test
    void failsAsSoonAsMaxPlusOneBytesHaveNoNewlineEvenBeforeTheStreamEnds() {
        // A stream that never ends: the reader must give up after max+1 bytes, not wait for more.
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        FramingException e = assertThrows(FramingException.class, () -> new LineReader(endless, 10).readLine());
        assertEquals(FramingException.Reason.LINE_TOO_LONG, e.reason());
    }

    @Test
    void earlierShortLinesAreStillReturnedBeforeTheLongOne() throws IOException {
        LineReader r = new LineReader(new ByteArrayInputStream(bytes("ok\n" + "y".repeat(11) + "\n")), 10);
        assertArrayEquals(bytes("ok"), r.readLine());
        assertThrows(FramingException.class, r::readLine);
    }

    @Test
    void zeroLimitAcceptsOnlyEmptyLines() throws IOException {
        LineReader r = new LineReader(new ByteArrayInputStream(bytes("\n\na\n")), 0);
        assertArrayEquals(new byte[0], r.readLine());
        assertArrayEquals(new byte[0], r.readLine());
        assertThrows(FramingException.class, r::readLine);
    }

    @ParameterizedTest
    @ValueSource(strings = {"partial", "a\npartial", "\r"})
    void partialLineAtEndOfStreamIsAnError(String data) {
        LineReader r = new LineReader(new ByteArrayInputStream(bytes(data)), 100);
        FramingException e = assertThrows(FramingException.class, () -> {
            while (r.readLine() != null) {
                // read on until the failure
            }
        });
        assertEquals(FramingException.Reason.BYTES_REMAINING, e.reason());
        assertTrue(e.getMessage().startsWith("bytes remaining on stream"), e.getMessage());
    }

    @Test
    void emptyStreamIsACleanEnd() throws IOException {
        assertNull(new LineReader(new ByteArrayInputStream(new byte[0]), 100).readLine());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4096})
    void rawBytesAfterALineComeFromTheBufferFirstThenTheStream(int chunk) throws IOException {
        byte[] npk = new byte[5000];
        for (int i = 0; i < npk.length; i++) {
            npk[i] = (byte) (i * 31);
        }
        byte[] head = bytes("{\"request\":{\"install\":{\"repository\":\"default\",\"size\":5000}}}\n");
        byte[] tail = bytes("{\"request\":\"list\"}\n");
        byte[] data = new byte[head.length + npk.length + tail.length];
        System.arraycopy(head, 0, data, 0, head.length);
        System.arraycopy(npk, 0, data, head.length, npk.length);
        System.arraycopy(tail, 0, data, head.length + npk.length, tail.length);

        LineReader r = new LineReader(chunked(data, chunk), LineReader.DEFAULT_MAX_REQUEST_SIZE);
        assertArrayEquals(Arrays.copyOf(head, head.length - 1), r.readLine());
        byte[] got = new byte[npk.length];
        int n = 0;
        while (n < got.length) {
            int k = r.read(got, n, got.length - n);
            assertTrue(k > 0, "stream ended early");
            n += k;
        }
        assertArrayEquals(npk, got);
        // Pipelined lines after the NPK bytes are read normally.
        assertArrayEquals(Arrays.copyOf(tail, tail.length - 1), r.readLine());
        assertNull(r.readLine());
    }

    @Test
    void unlimitedReaderTakesLongLines() throws IOException {
        byte[] big = bytes("z".repeat(3_000_000) + "\n");
        assertEquals(3_000_000, LineReader.unlimited(new ByteArrayInputStream(big)).readLine().length);
    }

    @Test
    void defaultLimitBoundaryOnTheRealSize() throws IOException {
        int max = LineReader.DEFAULT_MAX_REQUEST_SIZE;
        byte[] exact = new byte[max + 1];
        Arrays.fill(exact, (byte) ' ');
        exact[max] = '\n';
        assertEquals(max, new LineReader(new ByteArrayInputStream(exact), max).readLine().length);
        byte[] over = new byte[max + 2];
        Arrays.fill(over, (byte) ' ');
        over[max + 1] = '\n';
        assertThrows(FramingException.class, () -> new LineReader(new ByteArrayInputStream(over), max).readLine());
    }
}
