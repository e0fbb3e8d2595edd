package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.northstar.common.Container;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Answer to {@code logs} (an extension, docs/protocol.md, "Container logs"): the kept lines, or the error. */
public sealed interface LogsResult {

    Container container();

    /**
     * The kept lines, oldest first. {@code follow}: the runtime follows the container's output on this
     * connection ({@code log} notifications, then one {@code log_end}); false when not asked for or the
     * container is not running.
     */
    record Ok(Container container, List<LogLine> lines, boolean follow) implements LogsResult {
        public Ok {
            Objects.requireNonNull(container, "container");
            lines = List.copyOf(lines);
        }

        @Override
        public Optional<ConsoleError> failure() {
            return Optional.empty();
        }

        @Override
        public JsonNode toJson() {
            ObjectNode o = Json.object();
            o.set("container", Json.text(container));
            ArrayNode a = Json.array();
            lines.forEach(l -> a.add(l.toJson()));
            o.set("lines", a);
            o.set("follow", Json.bool(follow));
            return Json.variant("ok", o);
        }
    }

    record Err(Container container, ConsoleError error) implements LogsResult {
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

    static LogsResult fromJson(JsonCursor c) {
        JsonCursor.Variant v = c.variant("LogsResult");
        return switch (v.name()) {
            case "ok" -> new Ok(v.content().field("container").container(),
                    v.content().field("lines").list(LogLine::fromJson), v.content().field("follow").bool());
            case "error" -> new Err(v.content().field("container").container(),
                    ConsoleError.fromJson(v.content().field("error")));
            default -> throw v.unknown();
        };
    }
}
