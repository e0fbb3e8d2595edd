package io.northstar.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JSON example of the console spec (copied into src/test/resources/console) decodes
 * and re-encodes to the identical bytes; every rejection example fails naming its field.
 */
class GoldenTest {
    private final ConsoleCodec codec = new ConsoleCodec();

    static List<String> lines(String resource) throws IOException {
        try (InputStream in = GoldenTest.class.getResourceAsStream("/console/" + resource)) {
            if (in == null) {
                throw new IOException("missing test resource /console/" + resource);
            }
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                if (!l.isEmpty() && !l.startsWith("#")) {
                    out.add(l);
                }
            }
            return out;
        }
    }

    static Stream<String> messages() throws IOException {
        return lines("golden.jsonl").stream();
    }

    static Stream<String> errors() throws IOException {
        return lines("golden-errors.jsonl").stream();
    }

    static Stream<Arguments> rejected() throws IOException {
        return lines("rejected.tsv").stream().map(l -> {
            String[] f = l.split("\t", 3);
            return Arguments.of(f[0], f[1], f[2]);
        });
    }

    @ParameterizedTest
    @MethodSource("messages")
    void messageRoundTripsByteForByte(String line) {
        Message m = codec.decode(line);
        assertEquals(line, codec.encode(m));
        assertEquals(m, codec.decode(codec.encode(m)));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void errorValueRoundTripsByteForByte(String line) {
        ConsoleError e = ConsoleError.fromJson(new JsonCursor(ConsoleCodec.readTree(line), "error"));
        assertEquals(line, ConsoleCodec.writeTree(e.toJson()));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejectionNamesTheField(String path, String fragment, String line) {
        ConsoleDecodingException e = assertThrows(ConsoleDecodingException.class, () -> codec.decode(line),
                "must be rejected: " + line);
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "expected \"" + fragment + "\" in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
    }

    static Stream<Arguments> manifestExamples() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String name : List.of("console", "cpueater", "custom", "ferris", "hello-ferris", "hello-resource",
                "hello-world", "inspect", "memeater", "message-0.0.1", "message-0.0.2", "netns", "persistence",
                "roundtrip", "sockets", "test-container", "test-resource")) {
            try (InputStream in = GoldenTest.class.getResourceAsStream("/manifest/examples/" + name + ".json")) {
                if (in != null) {
                    // Some examples are pretty-printed; the console carries the compact form.
                    String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    out.add(Arguments.of(name, ConsoleCodec.writeTree(ConsoleCodec.readTree(json))));
                }
            }
        }
        return out.stream();
    }

    /** The manifest branch's example manifests (serde_json form) inside inspect responses. */
    @ParameterizedTest
    @MethodSource("manifestExamples")
    void inspectWithEachExampleManifestRoundTrips(String name, String manifest) {
        String line = "{\"response\":{\"inspect\":{\"ok\":{\"container\":\"foo:1.0.0\",\"data\":{\"manifest\":" + manifest
                + ",\"repository\":\"default\",\"mounted\":true,\"process\":{\"pid\":1,\"uptime\":2,\"statistics\":{}}}}}}}";
        assertEquals(line, codec.encode(codec.decode(line)), name);
    }

    @Test
    void goldenFilesCoverEveryKind() throws IOException {
        // Sanity check that the resources were not truncated: 87 message lines (9 of the logs extension, 13 of the
        // update extension), 15 error values.
        assertEquals(87, lines("golden.jsonl").size());
        assertEquals(15, lines("golden-errors.jsonl").size());
        assertFalse(lines("rejected.tsv").isEmpty());
    }

    /** Each request, response and notification variant has a golden line, so each is round-tripped above. */
    @Test
    void everyVariantHasAGoldenLine() throws IOException {
        Set<Class<?>> seen = new HashSet<>();
        for (String line : lines("golden.jsonl")) {
            seen.add(codec.decode(line).getClass());
        }
        for (Class<?> kind : List.of(Request.class, Response.class, Notification.class)) {
            for (Class<?> variant : kind.getPermittedSubclasses()) {
                assertTrue(seen.contains(variant), "no golden line for " + variant.getName());
            }
        }
    }
}
