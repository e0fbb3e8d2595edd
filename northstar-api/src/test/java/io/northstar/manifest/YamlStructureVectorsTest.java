package io.northstar.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nested maps, sequences and scalars written as libyaml writes them (expected
 * texts from the real libyaml emitter, see gen-structure-vectors.py), and read
 * back to the same value as {@code custom} data.
 */
class YamlStructureVectorsTest {
    static Stream<Arguments> vectors() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Arguments> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                YamlStructureVectorsTest.class.getResourceAsStream("/manifest/yaml/structure-vectors.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            int i = 0;
            while ((line = r.readLine()) != null) {
                JsonNode v = mapper.readTree(line);
                out.add(Arguments.of(i++, v.get("value"), v.get("yaml").textValue()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "vector {0}")
    @MethodSource("vectors")
    void writtenLikeLibyamlAndReadBack(int index, JsonNode value, String yaml) {
        Doc doc = ManifestEncoder.json(value);
        assertEquals(yaml, YamlWriter.write(doc));
        JsonNode back = new DocDecoder(DocDecoder.Dialect.YAML).json(YamlDocReader.read(yaml), "");
        assertEquals(value, back);
    }
}
