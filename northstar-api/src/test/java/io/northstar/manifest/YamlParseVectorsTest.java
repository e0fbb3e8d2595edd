package io.northstar.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SnakeYAML (our reader) against libyaml (serde_yaml's parser): the same node
 * trees, scalar styles and tags, and the same documents rejected. Expected
 * trees come from libyaml (gen-parse-vectors.py).
 */
class YamlParseVectorsTest {
    static Stream<Arguments> vectors() throws IOException {
        return VectorFile.read("/manifest/yaml/parse-vectors.jsonl").stream().map(v -> {
            String doc = v.get("doc").textValue();
            return Arguments.of(DocDecoder.quote(doc), doc, v.get("ok").booleanValue(), v.get("tree"));
        });
    }

    static JsonNode tree(Doc d) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        switch (d) {
            case Doc.Mapping m -> {
                ArrayNode entries = o.putArray("map");
                for (Doc.Entry e : m.entries()) {
                    entries.add(f.arrayNode().add(tree(e.key())).add(tree(e.value())));
                }
            }
            case Doc.Sequence seq -> {
                ArrayNode items = o.putArray("seq");
                seq.items().forEach(i -> items.add(tree(i)));
            }
            case Doc.Scalar s -> {
                o.put("scalar", s.text());
                o.put("plain", s.kind() == Doc.ScalarKind.PLAIN);
            }
        }
        if (d.tag() != null) {
            o.put("tag", d.tag().contains(":") ? d.tag() : "!" + d.tag());
        }
        return o;
    }

    /**
     * Known differences (SnakeYAML follows YAML 1.1 here, libyaml 1.2): the
     * {@code \/} escape and a tab as the separator after {@code :}. We reject
     * both; documented in docs/manifest.md.
     */
    static final java.util.Set<String> REJECTED_BY_SNAKEYAML_ONLY = java.util.Set.of(
            "a: \"esc \\t \\n \\u00e9 \\U0001F600 \\x41 \\N \\_ \\L \\P \\e \\0 \\/\"\n", "a:\tb\n");

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void sameTreeAsLibyaml(String shown, String doc, boolean ok, JsonNode expected) {
        if (REJECTED_BY_SNAKEYAML_ONLY.contains(doc)) {
            assertThrows(ManifestException.class, () -> YamlDocReader.read(doc));
            return;
        }
        if (!ok || expected.isNull()) {
            assertThrows(ManifestException.class, () -> YamlDocReader.read(doc));
            return;
        }
        assertEquals(expected, tree(YamlDocReader.read(doc)));
    }
}
