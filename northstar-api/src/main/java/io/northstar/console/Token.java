package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Base64;

/**
 * A token created by the runtime: 40 bytes (8 bytes creation time, 32 bytes MAC),
 * sent as standard base64 (56 characters). Any other length is a decoding error.
 */
public record Token(byte[] bytes) {
    public static final int LENGTH = 40;

    public Token {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a token has " + LENGTH + " bytes, not " + bytes.length);
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public JsonNode toJson() {
        return Json.base64(bytes);
    }

    static Token fromJson(JsonCursor c) {
        byte[] b = c.base64();
        if (b.length != LENGTH) {
            throw c.error("a token has " + LENGTH + " bytes, found " + b.length);
        }
        return new Token(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Token t && Arrays.equals(bytes, t.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Token[" + Base64.getEncoder().encodeToString(bytes) + "]";
    }
}
