package io.northstar.console;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fuzz targets for the console line decoder: the byte stream of a connection split by
 * {@link LineReader} and each line decoded by {@link ConsoleCodec}, as the runtime does for
 * requests ({@link #requests}) and the client for responses and notifications ({@link #client}).
 *
 * <p>Expected outcomes: a line is a {@link Message}, or the decoder throws
 * {@link ConsoleDecodingException}; the stream is split into lines, or the reader throws
 * {@link FramingException}. Anything else (another exception, a hang, running out of memory)
 * is a finding. Two further properties are checked: the reader splits exactly as its documented
 * rules say (compared against a plain model of them, with the stream delivered in chunks of
 * fuzzed size), and every decoded message re-encodes to a line that decodes to the same message.
 *
 * <p>Without {@code JAZZER_FUZZ} these replay the corpus in
 * {@code src/test/resources/io/northstar/console/ConsoleFuzzTestInputs/<method>/}; see
 * docs/reliability.md ("Fuzzing") for the fuzzing runs.
 */
class ConsoleFuzzTest {
    private static final ConsoleCodec CODEC = new ConsoleCodec();

    /**
     * The runtime's side: requests (and connect). The first byte sets max_request_size
     * ({@code 8 * b}, 0 to 2040 bytes), the second how many bytes each read of the socket
     * returns (1 to 64); the rest is the stream.
     */
    @FuzzTest
    void requests(byte[] input) throws IOException {
        if (input.length < 2) {
            return;
        }
        int maxLength = (input[0] & 0xff) * 8;
        int chunk = 1 + (input[1] & 0x3f);
        frameAndDecode(Arrays.copyOfRange(input, 2, input.length), maxLength, chunk);
    }

    /** The client's side: responses, notifications, connect_ack/nack on an unlimited reader. */
    @FuzzTest
    void client(byte[] stream) throws IOException {
        frameAndDecode(stream, -1, 4096);
    }

    private static void frameAndDecode(byte[] stream, int maxLength, int chunk) throws IOException {
        LineReader reader = maxLength < 0 ? LineReader.unlimited(new Chunked(stream, chunk))
                : new LineReader(new Chunked(stream, chunk), maxLength);
        List<byte[]> expected = new ArrayList<>();
        FramingException.Reason expectedFailure = split(stream, maxLength < 0 ? Long.MAX_VALUE : maxLength, expected);
        List<byte[]> lines = new ArrayList<>();
        FramingException.Reason failure = null;
        try {
            for (byte[] line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (FramingException e) {
            failure = e.reason();
        }
        assertEquals(expectedFailure, failure, "framing outcome");
        assertEquals(expected.size(), lines.size(), "number of lines");
        for (int i = 0; i < lines.size(); i++) {
            assertArrayEquals(expected.get(i), lines.get(i), "line " + i);
            decode(lines.get(i));
        }
    }

    private static void decode(byte[] line) {
        Message message;
        try {
            message = CODEC.decode(line);
        } catch (ConsoleDecodingException e) {
            return;
        }
        String encoded = CODEC.encode(message);
        Message again = CODEC.decode(encoded.getBytes(StandardCharsets.UTF_8));
        assertEquals(encoded, CODEC.encode(again), "re-encoding of " + new String(line, StandardCharsets.UTF_8));
    }

    /**
     * The framing rules of {@link LineReader}'s documentation, applied to the whole stream at once.
     * Returns the failure that ends the stream, or null for a clean end.
     */
    private static FramingException.Reason split(byte[] stream, long maxLength, List<byte[]> lines) {
        int start = 0;
        while (true) {
            int newline = -1;
            for (int i = start; i < stream.length; i++) {
                if (stream[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int length = (newline < 0 ? stream.length : newline) - start;
            if (length > maxLength) {
                return FramingException.Reason.LINE_TOO_LONG;
            }
            if (newline < 0) {
                return length == 0 ? null : FramingException.Reason.BYTES_REMAINING;
            }
            int end = newline > start && stream[newline - 1] == '\r' ? newline - 1 : newline;
            lines.add(Arrays.copyOfRange(stream, start, end));
            start = newline + 1;
        }
    }

    /** A stream that hands out at most {@code chunk} bytes per read, as a socket may. */
    private static final class Chunked extends InputStream {
        private final ByteArrayInputStream in;
        private final int chunk;

        Chunked(byte[] bytes, int chunk) {
            this.in = new ByteArrayInputStream(bytes);
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, chunk));
        }
    }
}
