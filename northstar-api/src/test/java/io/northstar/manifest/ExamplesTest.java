package io.northstar.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example manifest of spec §10 (plus the fixtures) parses, validates,
 * has the expected JSON form (key order included), is written as the canonical
 * YAML that libyaml produces for serde's events ({@code *.canonical.yaml}, made
 * by src/test/resources/manifest/yaml/gen-canonical.py), and round-trips
 * through YAML, JSON and the Jackson module.
 */
class ExamplesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(ManifestJson.module());

    static Stream<String> examples() throws IOException, URISyntaxException {
        return Stream.concat(list("examples"), list("fixtures"));
    }

    private static Stream<String> list(String dir) throws IOException, URISyntaxException {
        Path p = Path.of(ExamplesTest.class.getResource("/manifest/" + dir).toURI());
        try (Stream<Path> files = Files.list(p)) {
            List<String> names = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.endsWith(".canonical.yaml"))
                    .map(n -> dir + "/" + n.substring(0, n.length() - ".yaml".length()))
                    .sorted().toList();
            return names.stream();
        }
    }

    static String resource(String name) {
        try {
            return Files.readString(Path.of(ExamplesTest.class.getResource("/manifest/" + name).toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void parsesValidatesAndRoundTrips(String example) throws IOException {
        Manifest m = Manifest.parse(resource(example + ".yaml"));
        String json = MAPPER.writeValueAsString(MAPPER.readTree(resource(example + ".json")));
        String canonical = resource(example + ".canonical.yaml");

        assertEquals(json, MAPPER.writeValueAsString(m.toJson()), "JSON form");
        assertEquals(json, MAPPER.writeValueAsString(m), "JSON form through the Jackson module");
        assertEquals(canonical, m.toYaml(), "canonical YAML");

        assertEquals(m, Manifest.parse(canonical), "YAML -> YAML");
        assertEquals(canonical, Manifest.parse(canonical).toYaml(), "canonical YAML is a fixpoint");
        assertEquals(m, Manifest.parse(json), "YAML -> JSON text -> manifest (JSON fallback)");
        assertEquals(m, ManifestJson.fromJson(MAPPER.readTree(json)), "YAML -> JSON tree -> manifest");
        assertEquals(m, MAPPER.readValue(json, Manifest.class), "Jackson module");
        assertEquals(json, MAPPER.writeValueAsString(Manifest.parse(json)), "JSON re-encodes byte for byte");
        assertEquals(m.init().isEmpty(), m.isResource());
        assertTrue(m == m.validate());
    }
}
