package io.northstar.console;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes console lines exactly as serde_json does for Northstar's
 * Rust model: compact output with serde_json's string escapes, strict input
 * (one JSON value per line, no trailing garbage, duplicate keys refused).
 * Thread-safe.
 */
public final class ConsoleCodec {
    private static final ObjectMapper MAPPER = mapper();

    public ConsoleCodec() {
    }

    private static ObjectMapper mapper() {
        JsonFactory factory = new JsonFactoryBuilder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .characterEscapes(new SerdeEscapes())
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .build();
    }

    /** Decodes one line (without its {@code \n}). Whitespace around the value is allowed. */
    public Message decode(String line) {
        return Message.fromJson(new JsonCursor(readTree(line), "message"));
    }

    static JsonNode readTree(String line) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new ConsoleDecodingException("message", "malformed JSON: " + e.getOriginalMessage() + at, e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new ConsoleDecodingException("message", "empty line");
        }
        return tree;
    }

    /** Decodes one line of raw bytes, which must be valid UTF-8. */
    public Message decode(byte[] line) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line))
                    .toString();
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
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("encoding " + tree + ": " + e.getMessage(), e);
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
