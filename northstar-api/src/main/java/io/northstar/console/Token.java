package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.northstar.common.ByteValue;
import java.util.Base64;

/**
 * A token created by the runtime: 40 bytes (8 bytes creation time, 32 bytes MAC),
 * sent as standard base64 (56 characters). Any other length is a decoding error.
 */
public final class Token extends ByteValue {
    public static final int LENGTH = 40;

    public Token(byte[] bytes) {
        super(copyOfLength(bytes, LENGTH, "a token"));
    }

    public byte[] bytes() {
        return raw().clone();
    }

    public JsonNode toJson() {
        return Json.base64(raw());
    }

    static Token fromJson(JsonCursor c) {
        byte[] b = c.base64();
        if (b.length != LENGTH) {
            throw c.error("a token has " + LENGTH + " bytes, found " + b.length);
        }
        return new Token(b);
    }

    @Override
    public String toString() {
        return "Token[" + Base64.getEncoder().encodeToString(raw()) + "]";
    }
}
