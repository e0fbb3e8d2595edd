package io.northstar.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each variant dispatches to the visitor method named after its wire name. */
class VisitorTest {
    private final ConsoleCodec codec = new ConsoleCodec();

    @SuppressWarnings("unchecked")
    private static <V> V namingVisitor(Class<V> type) {
        return (V) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> method.getName());
    }

    private static String camel(String snake) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    private static String variant(JsonNode body) {
        return body.isTextual() ? body.textValue() : body.fieldNames().next();
    }

    @Test
    @SuppressWarnings("unchecked") // raw Visitor class literals for the proxies
    void everyGoldenMessageDispatchesToItsOwnMethod() throws IOException {
        Request.Visitor<String> requests = namingVisitor(Request.Visitor.class);
        Response.Visitor<String> responses = namingVisitor(Response.Visitor.class);
        Notification.Visitor<String> notifications = namingVisitor(Notification.Visitor.class);
        Set<String> seen = new HashSet<>();
        for (String line : GoldenTest.lines("golden.jsonl")) {
            Message m = codec.decode(line);
            String visited;
            switch (m.envelopeKey()) {
                case "request" -> visited = ((Request) m).accept(requests);
                case "response" -> visited = ((Response) m).accept(responses);
                case "notification" -> visited = ((Notification) m).accept(notifications);
                default -> {
                    continue;
                }
            }
            String wire = camel(variant(m.body()));
            // The token response is the TokenCreated record, visited as tokenCreated.
            assertEquals(wire.equals("token") ? "tokenCreated" : wire, visited, line);
            seen.add(m.envelopeKey() + "." + visited);
        }
        assertEquals(Request.Visitor.class.getMethods().length + Response.Visitor.class.getMethods().length
                + Notification.Visitor.class.getMethods().length, seen.size(), "every variant has a golden line: " + seen);
    }
}
