package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;

/** The runtime accepted the connect: {@code {"connect_ack":null}}. */
public record ConnectAck() implements Message {
    @Override
    public JsonNode toJson() {
        return Json.nul();
    }

    // Only null matches; {} and [] are not a connect_ack.
    static ConnectAck fromJson(JsonCursor c) {
        if (!c.isNull()) {
            throw c.error("expected null, found " + JsonCursor.describe(c.raw()));
        }
        return new ConnectAck();
    }
}
