package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * Result of a token verification. Unlike every other console enum these values
 * are not renamed to snake_case: they are the capitalised Rust names.
 */
public enum VerificationResult {
    OK, INVALID, EXPIRED, FUTURE;

    /** The Rust variant's name: the constant's, capitalised ({@code OK} is {@code Ok}). */
    public String wireName() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }

    public JsonNode toJson() {
        return Json.unit(wireName());
    }

    static VerificationResult fromJson(JsonCursor c) {
        JsonCursor.Variant v = c.variant("VerificationResult");
        for (VerificationResult r : values()) {
            if (r.wireName().equals(v.name())) {
                return v.unit(r);
            }
        }
        throw v.unknown();
    }
}
