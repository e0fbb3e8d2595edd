package io.northstar.console;

import static io.northstar.console.Json.field;

import com.fasterxml.jackson.databind.JsonNode;
import io.northstar.common.Container;
import java.util.Objects;

/** Answer to {@code inspect}: the container's data, or the error. */
public sealed interface InspectResult extends RequestResult {

    Container container();

    record Ok(Container container, ContainerData data) implements InspectResult {
        public Ok {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(data, "data");
        }
    }

    record Err(Container container, ConsoleError error) implements InspectResult, RequestResult.Failed {
        public Err {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(error, "error");
        }
    }

    /** The wire form: {@code {"ok": {...}}} or {@code {"error": {...}}}. */
    default JsonNode toJson() {
        return switch (this) {
            case Ok ok -> Json.struct("ok", field("container", Json.text(ok.container())),
                    field("data", ok.data().toJson()));
            case Err err -> Json.struct("error", field("container", Json.text(err.container())),
                    field("error", err.error().toJson()));
        };
    }

    static InspectResult fromJson(JsonCursor c) {
        JsonCursor.Variant v = c.variant("InspectResult");
        return switch (v.name()) {
            case "ok" -> new Ok(v.content().field("container").container(),
                    ContainerData.fromJson(v.content().field("data")));
            case "error" -> new Err(v.content().field("container").container(),
                    ConsoleError.fromJson(v.content().field("error")));
            default -> throw v.unknown();
        };
    }
}
