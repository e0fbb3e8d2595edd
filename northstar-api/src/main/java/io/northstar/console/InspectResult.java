package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.northstar.common.Container;
import java.util.Objects;
import java.util.Optional;

/** Answer to {@code inspect}: the container's data, or the error. */
public sealed interface InspectResult {

    Container container();

    record Ok(Container container, ContainerData data) implements InspectResult {
        public Ok {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public Optional<ConsoleError> failure() {
            return Optional.empty();
        }

        @Override
        public JsonNode toJson() {
            ObjectNode o = Json.object();
            o.set("container", Json.text(container));
            o.set("data", data.toJson());
            return Json.variant("ok", o);
        }
    }

    record Err(Container container, ConsoleError error) implements InspectResult {
        public Err {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(error, "error");
        }

        @Override
        public Optional<ConsoleError> failure() {
            return Optional.of(error);
        }

        @Override
        public JsonNode toJson() {
            ObjectNode o = Json.object();
            o.set("container", Json.text(container));
            o.set("error", error.toJson());
            return Json.variant("error", o);
        }
    }

    JsonNode toJson();

    /** The error of a failed request, empty on success. */
    Optional<ConsoleError> failure();

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
