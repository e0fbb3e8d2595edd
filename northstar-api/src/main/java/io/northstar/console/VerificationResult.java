package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Result of a token verification. Unlike every other console enum these values
 * are not renamed to snake_case: they are the capitalised Rust names.
 */
public enum VerificationResult {
    OK("Ok"), INVALID("Invalid"), EXPIRED("Expired"), FUTURE("Future");

    private final String wire;

    VerificationResult(String wire) {
        this.wire = wire;
    }

    public String wireName() {
        return wire;
    }

    public JsonNode toJson() {
        return Json.unit(wire);
    }

    static VerificationResult fromJson(JsonCursor c) {
        JsonCursor.Variant v = c.variant("VerificationResult");
        for (VerificationResult r : values()) {
            if (r.wire.equals(v.name())) {
                return v.unit(r);
            }
        }
        throw v.unknown();
    }
}
