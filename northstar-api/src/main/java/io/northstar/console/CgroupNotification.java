package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** A cgroup event of a container; memory events are the only kind. */
public sealed interface CgroupNotification {

    record Memory(MemoryNotification memory) implements CgroupNotification {
        public Memory {
            Objects.requireNonNull(memory, "memory");
        }
    }

    default JsonNode toJson() {
        return switch (this) {
            case Memory(var memory) -> Json.variant("memory", memory.toJson());
        };
    }

    static CgroupNotification fromJson(JsonCursor c) {
        JsonCursor.Variant v = c.variant("CgroupNotification");
        return switch (v.name()) {
            case "memory" -> new Memory(MemoryNotification.fromJson(v.content()));
            default -> throw v.unknown();
        };
    }
}
