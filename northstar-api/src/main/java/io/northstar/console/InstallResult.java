package io.northstar.console;

import static io.northstar.console.Json.field;

import com.fasterxml.jackson.databind.JsonNode;
import io.northstar.common.Container;
import java.util.Objects;

/** Answer to {@code install}. The error variant has no container: the upload may not have one. */
public sealed interface InstallResult extends RequestResult {

    record Ok(Container container) implements InstallResult {
        public Ok {
            Objects.requireNonNull(container, "container");
        }
    }

    record Err(ConsoleError error) implements InstallResult, RequestResult.Failed {
        public Err {
            Objects.requireNonNull(error, "error");
        }
    }

    /** The wire form: {@code {"ok": {...}}} or {@code {"error": {...}}}. */
    default JsonNode toJson() {
        return switch (this) {
            case Ok ok -> Json.struct("ok", field("container", Json.text(ok.container())));
            case Err err -> Json.struct("error", field("error", err.error().toJson()));
        };
    }

    static InstallResult fromJson(JsonCursor c) {
        JsonCursor.Variant v = c.variant("InstallResult");
        return switch (v.name()) {
            case "ok" -> new Ok(v.content().field("container").container());
            case "error" -> new Err(ConsoleError.fromJson(v.content().field("error")));
            default -> throw v.unknown();
        };
    }
}
