package io.northstar.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The logs extension's messages: objects survive encode and decode, hostile values are refused by field. */
class LogsModelTest {
    private final ConsoleCodec codec = new ConsoleCodec();
    private static final Container HELLO = Container.parse("hello:0.0.1");

    private Message roundTrip(Message m) {
        return codec.decode(codec.encodeLine(m));
    }

    @Test
    void requestRoundTrips() {
        Request.Logs all = new Request.Logs(HELLO, OptionalLong.empty(), false);
        Request.Logs tail = new Request.Logs(HELLO, OptionalLong.of(0xffff_ffffL), true);
        assertEquals(all, roundTrip(all));
        assertEquals(tail, roundTrip(tail));
        assertEquals("{\"request\":{\"logs\":{\"container\":\"hello:0.0.1\",\"tail\":null,\"follow\":false}}}",
                codec.encode(all));
        // tail may be left out: it is an Option.
        assertEquals(all, codec.decode("{\"request\":{\"logs\":{\"container\":\"hello:0.0.1\",\"follow\":false}}}"));
    }

    @Test
    void responseAndNotificationsRoundTripHostileText() {
        // Every control character, a line separator, a bidi override and non-BMP text survive the JSON.
        StringBuilder hostile = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            hostile.append(c);
        }
        hostile.append("\u007f\u009b\u2028\u202e\"\\😀");
        LogLine line = new LogLine(Instant.parse("2026-01-31T12:00:00.123456789Z"), LogLine.Stream.STDERR,
                hostile.toString());
        Response.Logs ok = new Response.Logs(new LogsResult.Ok(HELLO, List.of(line), true));
        assertEquals(ok, roundTrip(ok));
        byte[] encoded = codec.encodeLine(ok);
        for (int i = 0; i < encoded.length - 1; i++) {
            assertTrue(encoded[i] != '\n' && encoded[i] != '\r', "one line on the wire");
        }
        Notification.Log log = new Notification.Log(HELLO, line, 7);
        assertEquals(log, roundTrip(log));
        Notification.LogEnd end = new Notification.LogEnd(HELLO, 3);
        assertEquals(end, roundTrip(end));
        Response.Logs err = new Response.Logs(new LogsResult.Err(HELLO, new ConsoleError.InvalidContainer(HELLO)));
        assertEquals(err, roundTrip(err));
        assertEquals(new Notification.LogEnd(HELLO, 0),
                codec.decode("{\"notification\":{\"log_end\":{\"container\":\"hello:0.0.1\"}}}"));
    }

    @Test
    void invalidValuesNameTheirField() {
        ConsoleDecodingException time = assertThrows(ConsoleDecodingException.class, () -> codec.decode(
                "{\"notification\":{\"log\":{\"container\":\"a:1.0.0\",\"time\":\"yesterday\",\"stream\":\"stdout\","
                        + "\"line\":\"x\"}}}"));
        assertTrue(time.getMessage().contains("log.time"), time.getMessage());
        ConsoleDecodingException stream = assertThrows(ConsoleDecodingException.class, () -> codec.decode(
                "{\"notification\":{\"log\":{\"container\":\"a:1.0.0\",\"time\":\"2026-01-31T12:00:00Z\","
                        + "\"stream\":\"stdin\",\"line\":\"x\"}}}"));
        assertTrue(stream.getMessage().contains("log.stream"), stream.getMessage());
        ConsoleDecodingException tail = assertThrows(ConsoleDecodingException.class, () -> codec.decode(
                "{\"request\":{\"logs\":{\"container\":\"a:1.0.0\",\"tail\":4294967296,\"follow\":true}}}"));
        assertTrue(tail.getMessage().contains("logs.tail"), tail.getMessage());
        assertThrows(ConsoleDecodingException.class, () -> codec.decode(
                "{\"request\":{\"logs\":{\"container\":\"a:1.0.0\",\"tail\":-1,\"follow\":true}}}"));
        assertThrows(ConsoleDecodingException.class, () -> codec.decode(
                "{\"request\":{\"logs\":{\"container\":\"a:1.0.0\",\"tail\":1}}}"));
        assertThrows(IllegalArgumentException.class, () -> new Request.Logs(HELLO, OptionalLong.of(-1), false));
    }
}
