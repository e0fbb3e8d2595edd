package io.northstar.console;

import static io.northstar.console.Json.field;

import com.fasterxml.jackson.databind.JsonNode;
import io.northstar.common.Container;
import java.util.Objects;

/**
 * Extension: answer to {@code update} (docs/protocol.md, "Updating a container"): the new version replaced the
 * old one, or it was rolled back and the old one is back as it was, or the update was refused before anything
 * changed.
 */
public sealed interface UpdateResult extends RequestResult {

    /** {@code to} is installed (and runs if {@code from} ran); {@code from} is uninstalled, its data kept. */
    record Updated(Container from, Container to) implements UpdateResult {
        public Updated {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /** {@code to} failed; {@code from} is installed (and running if it ran before), {@code to} uninstalled. */
    record RolledBack(Container from, Container to, String reason) implements UpdateResult {
        public RolledBack {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Refused or failed before the old version was touched: nothing changed. */
    record Err(ConsoleError error) implements UpdateResult, RequestResult.Failed {
        public Err {
            Objects.requireNonNull(error, "error");
        }
    }

    /** The wire form: {@code {"updated": {...}}}, {@code {"rolled_back": {...}}} or {@code {"error": {...}}}. */
    default JsonNode toJson() {
        return switch (this) {
            case Updated u -> Json.struct("updated", field("from", Json.text(u.from())), field("to", Json.text(u.to())));
            case RolledBack r -> Json.struct("rolled_back", field("from", Json.text(r.from())),
                    field("to", Json.text(r.to())), field("reason", Json.text(r.reason())));
            case Err err -> Json.struct("error", field("error", err.error().toJson()));
        };
    }

    static UpdateResult fromJson(JsonCursor c) {
        JsonCursor.Variant v = c.variant("UpdateResult");
        return switch (v.name()) {
            case "updated" -> new Updated(v.content().field("from").container(), v.content().field("to").container());
            case "rolled_back" -> new RolledBack(v.content().field("from").container(),
                    v.content().field("to").container(), v.content().field("reason").string());
            case "error" -> new Err(ConsoleError.fromJson(v.content().field("error")));
            default -> throw v.unknown();
        };
    }
}
