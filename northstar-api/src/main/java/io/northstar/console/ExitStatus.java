package io.northstar.console;

import static io.northstar.console.Json.field;

import com.fasterxml.jackson.databind.JsonNode;

/** How a container's init ended: {@code {"exit":{"code":i32}}} or {@code {"signalled":{"signal":u32}}}. */
public sealed interface ExitStatus {

    /** Normal exit with the process' exit code. */
    record Exit(int code) implements ExitStatus {
        @Override
        public JsonNode toJson() {
            return Json.struct("exit", field("code", Json.number(code)));
        }
    }

    /** Killed by a signal; {@code signal} is a u32. */
    record Signalled(long signal) implements ExitStatus {
        public Signalled {
            if (signal < 0 || signal > 0xffff_ffffL) {
                throw new IllegalArgumentException("signal " + signal + " out of range for u32");
            }
        }

        @Override
        public JsonNode toJson() {
            return Json.struct("signalled", field("signal", Json.number(signal)));
        }
    }

    JsonNode toJson();

    static ExitStatus fromJson(JsonCursor c) {
        JsonCursor.Variant v = c.variant("ExitStatus");
        return switch (v.name()) {
            case "exit" -> new Exit(v.content().field("code").i32());
            case "signalled" -> new Signalled(v.content().field("signal").u32());
            default -> throw v.unknown();
        };
    }
}
