package io.northstar.console;

import static io.northstar.console.Json.field;

import com.fasterxml.jackson.databind.JsonNode;
import io.northstar.common.Version;
import java.util.Objects;

/** The first message of every connection: the client's API version and whether it wants notifications. */
public record Connect(Version version, boolean subscribeNotifications) implements Message {
    public Connect {
        Objects.requireNonNull(version, "version");
    }

    /** A connect for this implementation's {@link ApiVersion#VERSION}. */
    public static Connect current(boolean subscribeNotifications) {
        return new Connect(ApiVersion.VERSION, subscribeNotifications);
    }

    @Override
    public JsonNode toJson() {
        return Json.fields(field("version", Json.text(version)),
                field("subscribe_notifications", Json.bool(subscribeNotifications)));
    }

    static Connect fromJson(JsonCursor c) {
        return new Connect(c.field("version").version(), c.field("subscribe_notifications").bool());
    }
}
