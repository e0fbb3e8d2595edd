package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One line of the console protocol: serde's untagged {@code Message} enum, an
 * object with a single envelope key ({@code connect}, {@code connect_ack},
 * {@code connect_nack}, {@code request}, {@code response}, {@code notification}).
 */
public sealed interface Message permits Connect, ConnectAck, ConnectNack, Request, Response, Notification {

    /** The key that wraps this message on the wire. */
    default String envelopeKey() {
        return switch (this) {
            case Connect c -> "connect";
            case ConnectAck a -> "connect_ack";
            case ConnectNack n -> "connect_nack";
            case Request r -> "request";
            case Response r -> "response";
            case Notification n -> "notification";
        };
    }

    /** The message's own JSON: the value under {@link #envelopeKey()}. */
    JsonNode toJson();

    /** The whole line's JSON value. */
    default ObjectNode envelope() {
        return Json.variant(envelopeKey(), toJson());
    }

    static Message fromJson(JsonCursor c) {
        if (!c.isObject()) {
            throw c.error("expected a message object, found " + JsonCursor.describe(c.raw()));
        }
        ConsoleDecodingException first = null;
        // Untagged enum: the variants are tried in declaration order and the first that fits wins,
        // so an object with both connect and request keys is a Connect.
        for (String key : List.of("connect", "connect_ack", "connect_nack", "request", "response", "notification")) {
            if (c.has(key)) {
                try {
                    return variant(key, c.envelope(key));
                } catch (ConsoleDecodingException e) {
                    // A later key may still match; if none does, the first variant's problem is the useful one.
                    if (first == null) {
                        first = e;
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
        throw c.error("not a message: expected one of the keys connect, connect_ack, connect_nack, request, "
                + "response, notification");
    }

    private static Message variant(String key, JsonCursor body) {
        return switch (key) {
            case "connect" -> Connect.fromJson(body);
            case "connect_ack" -> ConnectAck.fromJson(body);
            case "connect_nack" -> ConnectNack.fromJson(body);
            case "request" -> Request.fromJson(body);
            case "response" -> Response.fromJson(body);
            case "notification" -> Notification.fromJson(body);
            default -> throw new IllegalArgumentException(key);
        };
    }
}
