package io.northstar.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.northstar.common.WireNamed;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One line of a container's {@code pipe} output as the runtime kept it (docs/protocol.md, "Container
 * logs"): when the runtime read it, from which stream, and the text as the container wrote it (invalid
 * UTF-8 replaced, no newline). The text is hostile: whoever shows it escapes it.
 */
public record LogLine(Instant time, Stream stream, String line) {

    /** The container's stdout or stderr. */
    public enum Stream implements WireNamed {
        STDOUT, STDERR
    }

    public LogLine {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(line, "line");
    }

    /** Writes {@code time}, {@code stream} and {@code line} into {@code o}. */
    void writeFields(ObjectNode o) {
        o.set("time", Json.text(time));
        o.set("stream", Json.text(stream.wireName()));
        o.set("line", Json.text(line));
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        writeFields(o);
        return o;
    }

    /** Reads the fields {@code time}, {@code stream} and {@code line} of {@code c}. */
    static LogLine fromJson(JsonCursor c) {
        JsonCursor time = c.field("time");
        Instant instant;
        try {
            instant = Instant.parse(time.string());
        } catch (DateTimeParseException e) {
            throw time.error("invalid time \"" + JsonCursor.quote(time.string()) + "\": expected RFC 3339 in UTC, "
                    + "e.g. 2026-01-31T12:00:00.123Z");
        }
        JsonCursor stream = c.field("stream");
        Stream s = WireNamed.fromWireName(Stream.class, stream.string()).orElseThrow(() -> stream.error("unknown stream \""
                + JsonCursor.quote(stream.string()) + "\", expected stdout or stderr"));
        return new LogLine(instant, s, c.field("line").string());
    }
}
