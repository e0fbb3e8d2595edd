package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.northstar.common.Container;
import java.util.Objects;
import java.util.Optional;

/** Answer to {@code install}. The error variant has no container: the upload may not have one. */
public sealed interface InstallResult {

    record Ok(Container container) implements InstallResult {
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

    record Err(ConsoleError error) implements InstallResult {
        public Err {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public Optional<ConsoleError> failure() {
            return Optional.of(error);
        }

        @Override
        public JsonNode toJson() {
            ObjectNode o = Json.object();
            o.set("error", error.toJson());
            return Json.variant("error", o);
        }
    }

    JsonNode toJson();

    /** The error of a failed request, empty on success. */
    Optional<ConsoleError> failure();

    static InstallResult fromJson(JsonCursor c) {
        JsonCursor.Variant v = c.variant("InstallResult");
        return switch (v.name()) {
            case "ok" -> new Ok(v.content().field("container").container());
            case "error" -> new Err(ConsoleError.fromJson(v.content().field("error")));
            default -> throw v.unknown();
        };
    }
}
