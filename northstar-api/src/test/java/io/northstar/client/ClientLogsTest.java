package io.northstar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.console.ConsoleError;
import io.northstar.console.LogLine;
import io.northstar.console.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The client's side of the logs extension against a scripted console (docs/protocol.md, "Container logs"). */
class ClientLogsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Container HELLO = Container.parse("hello:0.0.1");
    private static final Instant T = Instant.parse("2026-01-31T12:00:00Z");

    private static String log(String line, int skipped) {
        return "{\"notification\":{\"log\":{\"container\":\"hello:0.0.1\",\"time\":\"2026-01-31T12:00:00Z\","
                + "\"stream\":\"stdout\",\"line\":\"" + line + "\",\"skipped\":" + skipped + "}}}";
    }

    private static LogLine out(String text) {
        return new LogLine(T, LogLine.Stream.STDOUT, text);
    }

    @Test
    void logsReturnsTheKeptLinesAndErrorsAsRequestFailures() throws Exception {
        try (FakeConsole server = FakeConsole.tcp(peer -> {
            peer.accept(false);
            peer.expect("{\"request\":{\"logs\":{\"container\":\"hello:0.0.1\",\"tail\":2,\"follow\":false}}}");
            peer.send("{\"response\":{\"logs\":{\"ok\":{\"container\":\"hello:0.0.1\",\"lines\":[{\"time\":"
                    + "\"2026-01-31T12:00:00Z\",\"stream\":\"stderr\",\"line\":\"a\"}],\"follow\":false}}}}");
            peer.expect("{\"request\":{\"logs\":{\"container\":\"hello:0.0.1\",\"tail\":null,\"follow\":false}}}");
            peer.send("{\"response\":{\"logs\":{\"error\":{\"container\":\"hello:0.0.1\",\"error\":"
                    + "{\"invalid_container\":{\"container\":\"hello:0.0.1\"}}}}}}");
            peer.expect("<end of stream>");
        });
             Client client = Client.connect(server.url(), false, TIMEOUT)) {
            assertEquals(List.of(new LogLine(T, LogLine.Stream.STDERR, "a")), client.logs(HELLO, OptionalLong.of(2)));
            RequestFailedException e = assertThrows(RequestFailedException.class,
                    () -> client.logs(HELLO, OptionalLong.empty()));
            assertEquals(new ConsoleError.InvalidContainer(HELLO), e.error());
            client.close();
            server.finish();
        }
    }

    @Test
    void followDeliversKeptThenNewLinesUntilTheEndAndPassesOtherNotificationsOn() throws Exception {
        try (FakeConsole server = FakeConsole.tcp(peer -> {
            peer.accept(true);
            peer.expect("{\"request\":{\"logs\":{\"container\":\"hello:0.0.1\",\"tail\":null,\"follow\":true}}}");
            peer.send("{\"response\":{\"logs\":{\"ok\":{\"container\":\"hello:0.0.1\",\"lines\":[{\"time\":"
                    + "\"2026-01-31T12:00:00Z\",\"stream\":\"stdout\",\"line\":\"kept\"}],\"follow\":true}}}}");
            peer.send(log("one", 0), "{\"notification\":{\"started\":\"other:1.0.0\"}}", log("two", 5),
                    "{\"notification\":{\"log_end\":{\"container\":\"hello:0.0.1\",\"skipped\":2}}}");
            peer.answerList();
            peer.expect("<end of stream>");
        });
             Client client = Client.connect(server.url(), true, TIMEOUT)) {
            List<String> seen = new ArrayList<>();
            client.followLogs(HELLO, OptionalLong.empty(), new Client.LogListener() {
                @Override
                public boolean line(Container container, LogLine line) {
                    seen.add(container + " " + line.line());
                    return true;
                }

                @Override
                public void skipped(Container container, long count) {
                    seen.add("skipped " + count);
                }
            });
            assertEquals(List.of("hello:0.0.1 kept", "hello:0.0.1 one", "skipped 5", "hello:0.0.1 two", "skipped 2"),
                    seen);
            assertEquals(Optional.of(new Notification.Started(Container.parse("other:1.0.0"))), client.pollNotification());
            assertEquals(List.of(), client.list(), "the connection is in step after the follow");
            client.close();
            server.finish();
        }
    }

    @Test
    void aListenerThatStopsEndsTheFollowWithASecondRequest() throws Exception {
        try (FakeConsole server = FakeConsole.tcp(peer -> {
            peer.accept(false);
            peer.expect("{\"request\":{\"logs\":{\"container\":\"hello:0.0.1\",\"tail\":0,\"follow\":true}}}");
            peer.send("{\"response\":{\"logs\":{\"ok\":{\"container\":\"hello:0.0.1\",\"lines\":[],\"follow\":true}}}}",
                    log("stop here", 0), log("in flight", 0));
            peer.expect("{\"request\":{\"logs\":{\"container\":\"hello:0.0.1\",\"tail\":0,\"follow\":false}}}");
            peer.send(log("still in flight", 0),
                    "{\"notification\":{\"log_end\":{\"container\":\"hello:0.0.1\",\"skipped\":0}}}",
                    "{\"response\":{\"logs\":{\"ok\":{\"container\":\"hello:0.0.1\",\"lines\":[],\"follow\":false}}}}");
            peer.answerList("hello:0.0.1");
            peer.expect("<end of stream>");
        });
             Client client = Client.connect(server.url(), false, TIMEOUT)) {
            List<LogLine> seen = new ArrayList<>();
            client.followLogs(HELLO, OptionalLong.of(0), (container, line) -> {
                seen.add(line);
                return false;
            });
            assertEquals(List.of(out("stop here")), seen);
            assertEquals(List.of(HELLO), client.list());
            assertTrue(client.pollNotification().isEmpty(), "the dropped lines are not queued");
            client.close();
            server.finish();
        }
    }

    @Test
    void followOfAStoppedContainerReturnsAfterTheKeptLines() throws Exception {
        try (FakeConsole server = FakeConsole.tcp(peer -> {
            peer.accept(false);
            peer.expect("{\"request\":{\"logs\":{\"container\":\"hello:0.0.1\",\"tail\":null,\"follow\":true}}}");
            peer.send("{\"response\":{\"logs\":{\"ok\":{\"container\":\"hello:0.0.1\",\"lines\":[{\"time\":"
                    + "\"2026-01-31T12:00:00Z\",\"stream\":\"stdout\",\"line\":\"last run\"}],\"follow\":false}}}}");
            peer.expect("<end of stream>");
        });
             Client client = Client.connect(server.url(), false, TIMEOUT)) {
            List<LogLine> seen = new ArrayList<>();
            client.followLogs(HELLO, OptionalLong.empty(), (container, line) -> seen.add(line));
            assertEquals(List.of(out("last run")), seen);
            client.close();
            server.finish();
        }
    }
}
