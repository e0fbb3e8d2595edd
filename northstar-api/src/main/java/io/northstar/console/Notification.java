package io.northstar.console;

import static io.northstar.console.Json.field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.northstar.common.Container;
import io.northstar.common.WireNamed;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An event sent to subscribed connections as {@code {"notification": ...}}, between responses. */
public sealed interface Notification extends Message {

    record Started(Container container) implements Notification {
        public Started {
            Objects.requireNonNull(container, "container");
        }
    }

    /** {@code {"exit":[C, ExitStatus]}}. */
    record Exit(Container container, ExitStatus status) implements Notification {
        public Exit {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(status, "status");
        }
    }

    record Install(Container container) implements Notification {
        public Install {
            Objects.requireNonNull(container, "container");
        }
    }

    record Uninstall(Container container) implements Notification {
        public Uninstall {
            Objects.requireNonNull(container, "container");
        }
    }

    /** Rust's {@code CGroup}; serde's snake_case makes it {@code "c_group"} on the wire. */
    record CGroup(Container container, CgroupNotification event) implements Notification {
        public CGroup {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(event, "event");
        }
    }

    /** Defined by the protocol; Northstar 0.9 never sends it. */
    record Shutdown() implements Notification {
    }

    /**
     * Extension (docs/protocol.md, "Container logs"): a line of a container this connection follows.
     * {@code skipped} lines came before it that the runtime dropped because the client read too slowly.
     */
    record Log(Container container, LogLine line, long skipped) implements Notification {
        public Log {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(line, "line");
        }
    }

    /**
     * Extension: the followed output of {@code container} ended (its run ended, or it was uninstalled);
     * {@code skipped} lines before the end were dropped. No {@code log} of it follows.
     */
    record LogEnd(Container container, long skipped) implements Notification {
        public LogEnd {
            Objects.requireNonNull(container, "container");
        }
    }

    /**
     * Extension: a step of an update from {@code from} to {@code to} (docs/protocol.md, "Updating a container"):
     * {@code {"update":{"step":"rolled_back","from":"a:0.0.1","to":"a:0.0.2","reason":"..."}}}.
     * {@code reason} says why for {@code rolling_back}/{@code rolled_back}, and what was left for a
     * {@code completed} whose clean-up failed.
     */
    record Update(UpdateStep step, Container from, Container to, Optional<String> reason) implements Notification {
        public Update {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }

        public Update(UpdateStep step, Container from, Container to) {
            this(step, from, to, Optional.empty());
        }
    }

    /** The wire form: one externally tagged variant per type, with the names {@link #fromJson} reads. */
    @Override
    default JsonNode toJson() {
        return switch (this) {
            case Started(var container) -> Json.variant("started", Json.text(container));
            case Exit(var container, var status) -> Json.tuple("exit", Json.text(container), status.toJson());
            case Install(var container) -> Json.variant("install", Json.text(container));
            case Uninstall(var container) -> Json.variant("uninstall", Json.text(container));
            case CGroup(var container, var event) -> Json.tuple("c_group", Json.text(container), event.toJson());
            case Shutdown() -> Json.unit("shutdown");
            case Log(var container, var line, var skipped) -> {
                ObjectNode o = Json.object();
                o.set("container", Json.text(container));
                line.writeFields(o);
                o.set("skipped", Json.u64(skipped));
                yield Json.variant("log", o);
            }
            case LogEnd(var container, var skipped) ->
                    Json.struct("log_end", field("container", Json.text(container)), field("skipped", Json.u64(skipped)));
            case Update(var step, var from, var to, var reason) -> Json.struct("update",
                    field("step", Json.text(step.wireName())), field("from", Json.text(from)),
                    field("to", Json.text(to)), field("reason", reason.map(Json::text).orElse(Json.nul())));
        };
    }

    static Notification fromJson(JsonCursor c) {
        JsonCursor.Variant v = c.variant("Notification");
        return switch (v.name()) {
            case "shutdown" -> v.unit(new Shutdown());
            case "started" -> new Started(v.content().container());
            case "install" -> new Install(v.content().container());
            case "uninstall" -> new Uninstall(v.content().container());
            case "exit" -> {
                List<JsonCursor> t = v.content().tuple(2);
                yield new Exit(t.get(0).container(), ExitStatus.fromJson(t.get(1)));
            }
            case "c_group" -> {
                List<JsonCursor> t = v.content().tuple(2);
                yield new CGroup(t.get(0).container(), CgroupNotification.fromJson(t.get(1)));
            }
            case "log" -> new Log(v.content().field("container").container(), LogLine.fromJson(v.content()),
                    skipped(v.content()));
            case "log_end" -> new LogEnd(v.content().field("container").container(), skipped(v.content()));
            case "update" -> update(v.content());
            default -> throw v.unknown();
        };
    }

    private static Update update(JsonCursor c) {
        JsonCursor stepField = c.field("step");
        String wire = stepField.string();
        UpdateStep step = WireNamed.fromWireName(UpdateStep.class, wire)
                .orElseThrow(() -> stepField.error("unknown update step \"" + JsonCursor.quote(wire) + "\""));
        return new Update(step, c.field("from").container(), c.field("to").container(),
                c.optionalField("reason").map(JsonCursor::string));
    }

    /** Absent is 0: a client of a later version may leave it out. */
    private static long skipped(JsonCursor c) {
        return c.optionalField("skipped").map(JsonCursor::u64).orElse(0L);
    }
}
