package io.northstar.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;
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
        List<JsonNode> vectors = VectorFile.read("/manifest/yaml/structure-vectors.jsonl");
        return IntStream.range(0, vectors.size())
                .mapToObj(i -> Arguments.of(i, vectors.get(i).get("value"), vectors.get(i).get("yaml").textValue()));
    }

    @ParameterizedTest(name = "vector {0}")
    @MethodSource("vectors")
    void writtenLikeLibyamlAndReadBack(int index, JsonNode value, String yaml) {
        Doc doc = JsonDocReader.of(value);
        assertEquals(yaml, YamlWriter.write(doc));
        JsonNode back = new DocDecoder(DocDecoder.Dialect.YAML).json(YamlDocReader.read(yaml), "");
        assertEquals(value, back);
    }
}
