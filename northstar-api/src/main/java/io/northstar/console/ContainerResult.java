package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.northstar.common.Container;
import java.util.Objects;
import java.util.Optional;

/**
 * Outcome of a request on one container: Rust's {@code MountResult},
 * {@code UmountResult}, {@code StartResult}, {@code KillResult} and
 * {@code UninstallResult}, which all have this one shape:
 * {@code {"ok":{"container":C}}} or {@code {"error":{"container":C,"error":Error}}}.
 */
public sealed interface ContainerResult {

    Container container();

    record Ok(Container container) implements ContainerResult {
        public Ok {
            Objects.requireNonNull(container, "container");
        }

        @Override
        public Optional<ConsoleError> failure() {
            return Optional.empty();
        }

        @Override
        public JsonNode toJson() {
            ObjectNode o = Json.object();
            o.set("container", Json.text(container));
            return Json.variant("ok", o);
        }
    }

    record Err(Container container, ConsoleError error) implements ContainerResult {
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
