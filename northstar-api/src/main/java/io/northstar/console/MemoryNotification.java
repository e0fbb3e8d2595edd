package io.northstar.console;

import static io.northstar.console.Json.field;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Memory cgroup event counters (u64, read unsigned; empty when unknown). With
 * cgroup v1 an OOM event is {@code oom = 1} and everything else empty; with v2
 * the values are the counters of {@code memory.events}.
 */
public record MemoryNotification(OptionalLong low, OptionalLong high, OptionalLong max, OptionalLong oom,
                                 OptionalLong oomKill) {
    public MemoryNotification {
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(high, "high");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(oom, "oom");
        Objects.requireNonNull(oomKill, "oomKill");
    }

    /** The cgroup v1 OOM event. */
    public static MemoryNotification oomV1() {
        OptionalLong none = OptionalLong.empty();
        return new MemoryNotification(none, none, none, OptionalLong.of(1), none);
    }

    public JsonNode toJson() {
        return Json.fields(field("low", counter(low)), field("high", counter(high)), field("max", counter(max)),
                field("oom", counter(oom)), field("oom_kill", counter(oomKill)));
    }

    private static JsonNode counter(OptionalLong v) {
        return v.isPresent() ? Json.u64(v.getAsLong()) : Json.nul();
    }

    static MemoryNotification fromJson(JsonCursor c) {
        return new MemoryNotification(counter(c, "low"), counter(c, "high"), counter(c, "max"), counter(c, "oom"),
                counter(c, "oom_kill"));
    }

    private static OptionalLong counter(JsonCursor c, String field) {
        return c.optionalField(field).map(f -> OptionalLong.of(f.u64())).orElse(OptionalLong.empty());
    }
}
