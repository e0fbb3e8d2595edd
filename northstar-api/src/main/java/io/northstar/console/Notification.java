package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.northstar.common.Container;
import java.util.List;
import java.util.Objects;

/** An event sent to subscribed connections as {@code {"notification": ...}}, between responses. */
public sealed interface Notification extends Message {

    record Started(Container container) implements Notification {
        public Started {
            Objects.requireNonNull(container, "container");
        }

        @Override
        public JsonNode toJson() {
            return Json.variant("started", Json.text(container));
        }
    }

    /** {@code {"exit":[C, ExitStatus]}}. */
    record Exit(Container container, ExitStatus status) implements Notification {
        public Exit {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(status, "status");
        }

        @Override
        public JsonNode toJson() {
            return Json.tuple("exit", Json.text(container), status.toJson());
        }
    }

    record Install(Container container) implements Notification {
        public Install {
            Objects.requireNonNull(container, "container");
        }

        @Override
        public JsonNode toJson() {
            return Json.variant("install", Json.text(container));
        }
    }

    record Uninstall(Container container) implements Notification {
        public Uninstall {
            Objects.requireNonNull(container, "container");
        }

        @Override
        public JsonNode toJson() {
            return Json.variant("uninstall", Json.text(container));
        }
    }

    /** Rust's {@code CGroup}; serde's snake_case makes it {@code "c_group"} on the wire. */
    record CGroup(Container container, CgroupNotification event) implements Notification {
        public CGroup {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(event, "event");
        }

        @Override
        public JsonNode toJson() {
            return Json.tuple("c_group", Json.text(container), event.toJson());
        }
    }

    /** Defined by the protocol; Northstar 0.9 never sends it. */
    record Shutdown() implements Notification {
        @Override
        public JsonNode toJson() {
            return Json.unit("shutdown");
        }
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
            default -> throw v.unknown();
        };
    }
}
