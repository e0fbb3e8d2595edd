package io.northstar.npk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The tree built from the parser's tokens is the one the object mapper builds, node type for node type. */
class YamlTreeTest {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

    @ParameterizedTest
    @ValueSource(strings = {
        "version: 0.9.3\n",
        "manifest:\n  hash: 0123abcd\nfs:\n  hash: ff\n  verity_offset: 4096\n",
        "a: 1\nb: 2147483648\nc: 123456789012345678901234567890\nd: -5\n",
        "f: 1.5\ng: 1e10\nj: -0.0\n",
        "h: .inf\n",
        "t: true\nu: false\nn: null\ntilde: ~\nempty:\n",
        "list: [1, two, 3.0, [nested], {k: v}]\nblock:\n  - x\n  - y\n",
        "dup: 1\ndup: 2\n",
        "quoted: \"1\"\nsingle: 'yes'\nplain: yes\n",
        "bin: !!binary aGVsbG8=\n",
        "anchor: &a {x: 1}\nalias: *a\n",
        "just a scalar",
        "- a\n- b\n",
        "first: 1\n---\nsecond: 2\n",
        "signature: c2lnbmF0dXJl\n",
    })
    void sameTreeAsTheObjectMapper(String text) throws Exception {
        JsonNode expected;
        try {
            expected = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // What the mapper refuses (e.g. YAML's .inf, which Jackson does not read as a number) is refused too.
            assertThrows(JsonProcessingException.class, () -> YamlTree.read(YAML, text));
            return;
        }
        JsonNode actual = YamlTree.read(YAML, text);
        assertEquals(expected, actual);
        assertEquals(expected.getNodeType(), actual.getNodeType());
        assertEquals(expected.toString(), actual.toString());
    }

    @Test
    void noDocumentIsNull() throws Exception {
        assertNull(YamlTree.read(YAML, ""));
        assertNull(YamlTree.read(YAML, "# only a comment\n"));
    }

    @Test
    void invalidYamlIsAParseError() {
        assertThrows(JsonProcessingException.class, () -> YamlTree.read(YAML, "a: [1, 2\n"));
        assertThrows(JsonProcessingException.class, () -> YamlTree.read(YAML, "a: b: c\n"));
    }
}
