package io.northstar.console;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import io.northstar.common.RyuFloat;
import io.northstar.common.Utf8;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes console lines exactly as serde_json does for Northstar's
 * Rust model: compact output with serde_json's string escapes, strict input
 * (one JSON value per line, no trailing garbage, a struct field given twice
 * refused while a repeated map key lets the last value win).
 * Thread-safe.
 */
public final class ConsoleCodec {
    /** Deepest nesting of arrays and objects serde_json accepts. */
    public static final int MAX_NESTING = 127;

    private static final JsonFactory FACTORY = factory();

    public ConsoleCodec() {
    }

    private static JsonFactory factory() {
        return new JsonFactoryBuilder()
                // serde_json has no string length limit and responses are unbounded (the runtime
                // bounds requests with max_request_size before they reach the codec); its recursion
                // limit of 128 lets 127 nested arrays/objects through.
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxNestingDepth(MAX_NESTING)
                        .build())
                .characterEscapes(new SerdeEscapes())
                .build();
    }

    /** Decodes one line (without its {@code \n}). Whitespace around the value is allowed. */
    public Message decode(String line) {
        return Message.fromJson(JsonCursor.root(JsonTree.parse(FACTORY, line)));
    }

    /** Parses JSON text with the codec's rules (tests use it for values that are not messages). */
    static JsonNode readTree(String json) {
        return JsonTree.parse(FACTORY, json).root();
    }

    /** Decodes one line of raw bytes, which must be valid UTF-8. */
    public Message decode(byte[] line) {
        String text;
        try {
            text = Utf8.decode(line);
        } catch (CharacterCodingException e) {
            throw new ConsoleDecodingException("message", "line is not valid UTF-8", e);
        }
        return decode(text);
    }

    /** The compact JSON of a message, without a line terminator. */
    public String encode(Message message) {
        return writeTree(message.envelope());
    }

    static String writeTree(JsonNode tree) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = new SerdeFloats(FACTORY.createGenerator(text))) {
            JsonTree.write(out, tree);
        } catch (IOException e) {
            throw new IllegalStateException("encoding " + tree + ": " + e.getMessage(), e);
        }
        return text.toString();
    }

    /**
     * Floats as serde_json writes them ({@code 10000000000.0}, {@code 1e-7}; Jackson: {@code 1.0E10},
     * {@code 1.0E-7}); NaN and infinities, which serde_json cannot represent, as {@code null}.
     */
    private static final class SerdeFloats extends JsonGeneratorDelegate {
        SerdeFloats(JsonGenerator out) {
            super(out, false);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            writeFloat(Double.isFinite(v) ? RyuFloat.format(v) : null);
        }

        @Override
        public void writeNumber(float v) throws IOException {
            writeFloat(Float.isFinite(v) ? RyuFloat.format(v) : null);
        }

        /** {@code text} is the shortest form of a finite float, or null for NaN and the infinities. */
        private void writeFloat(String text) throws IOException {
            if (text != null) {
                writeRawValue(text);
            } else {
                writeNull();
            }
        }
    }

    /** The UTF-8 bytes of the message followed by {@code \n}, ready to be written to the stream. */
    public byte[] encodeLine(Message message) {
        return (encode(message) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * serde_json escapes control characters as {@code \b \t \n \f \r} or a six-character escape (backslash, u, 00xx) with
     * lowercase hex; Jackson would write uppercase hex. Everything else is written as is.
     */
    private static final class SerdeEscapes extends CharacterEscapes {
        private final int[] codes;

        SerdeEscapes() {
            codes = standardAsciiEscapesForJSON();
            for (int c = 0; c < 0x20; c++) {
                if (c != '\b' && c != '\t' && c != '\n' && c != '\f' && c != '\r') {
                    codes[c] = ESCAPE_CUSTOM;
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return codes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            // Jackson asks about every non-ASCII character too; serde_json writes those as they are.
            return ch < 0x20 ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
