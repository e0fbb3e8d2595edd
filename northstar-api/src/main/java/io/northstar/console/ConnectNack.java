package io.northstar.console;

import static io.northstar.console.Json.field;

import com.fasterxml.jackson.databind.JsonNode;
import io.northstar.common.Version;
import java.util.Objects;

/** The runtime refused the connect; it closes the connection after sending this. */
public sealed interface ConnectNack extends Message {

    /** A human-readable reason, for exceptions and logs. */
    default String reason() {
        return switch (this) {
            case InvalidProtocolVersion(var version) -> "invalid protocol version: the runtime speaks " + version;
            case PermissionDenied() ->
                    "permission denied (subscribing to notifications needs the notifications permission)";
        };
    }

    /** The client's version is too old; {@code version} is the runtime's API version. */
    record InvalidProtocolVersion(Version version) implements ConnectNack {
        public InvalidProtocolVersion {
            Objects.requireNonNull(version, "version");
        }
    }

    /** Notifications were requested without the {@code notifications} permission. */
    record PermissionDenied() implements ConnectNack {
    }

    @Override
    default JsonNode toJson() {
        return switch (this) {
            case InvalidProtocolVersion(var version) ->
                    Json.struct("invalid_protocol_version", field("version", Json.text(version)));
            case PermissionDenied() -> Json.unit("permission_denied");
        };
    }

    static ConnectNack fromJson(JsonCursor c) {
        JsonCursor.Variant v = c.variant("ConnectNack");
        return switch (v.name()) {
            case "invalid_protocol_version" -> new InvalidProtocolVersion(v.content().field("version").version());
            case "permission_denied" -> v.unit(new PermissionDenied());
            default -> throw v.unknown();
        };
    }
}
