package io.northstar.console;

import static io.northstar.console.Json.field;

import com.fasterxml.jackson.databind.JsonNode;
import io.northstar.common.Container;
import java.util.Objects;

/**
 * The result of a request on one container: Rust's {@code MountResult},
 * {@code UmountResult}, {@code StartResult}, {@code KillResult} and
 * {@code UninstallResult}, which all have this one shape:
 * {@code {"ok":{"container":C}}} or {@code {"error":{"container":C,"error":Error}}}.
 */
public sealed interface ContainerResult extends RequestResult {

    Container container();

    record Ok(Container container) implements ContainerResult {
        public Ok {
            Objects.requireNonNull(container, "container");
        }
    }

    record Err(Container container, ConsoleError error) implements ContainerResult, RequestResult.Failed {
        public Err {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(error, "error");
        }
    }

    /** The wire form: {@code {"ok": {...}}} or {@code {"error": {...}}}. */
    default JsonNode toJson() {
        return switch (this) {
            case Ok ok -> Json.struct("ok", field("container", Json.text(ok.container())));
            case Err err -> Json.struct("error", field("container", Json.text(err.container())),
                    field("error", err.error().toJson()));
        };
    }

    static ContainerResult fromJson(JsonCursor c) {
        JsonCursor.Variant v = c.variant("result");
        return switch (v.name()) {
            case "ok" -> new Ok(v.content().field("container").container());
            case "error" -> new Err(v.content().field("container").container(),
                    ConsoleError.fromJson(v.content().field("error")));
            default -> throw v.unknown();
        };
    }
}
