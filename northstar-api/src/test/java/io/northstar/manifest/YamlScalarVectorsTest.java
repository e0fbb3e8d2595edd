package io.northstar.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * String scalars written exactly as libyaml writes them for serde_yaml's style
 * requests. The expected texts come from the real libyaml emitter
 * (src/test/resources/manifest/yaml/gen-scalar-vectors.py).
 */
class YamlScalarVectorsTest {
    static Stream<Arguments> vectors() throws IOException {
        return VectorFile.read("/manifest/yaml/scalar-vectors.jsonl").stream().map(v -> {
            String s = v.get("s").textValue();
            return Arguments.of(DocDecoder.quote(s), s, v.get("value").textValue(), v.get("nested").textValue(),
                    v.get("key").textValue());
        });
    }

    private static Doc.Mapping map(Object... kv) {
        List<Doc.Entry> entries = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            entries.add(new Doc.Entry(Doc.Scalar.string((String) kv[i]), (Doc) kv[i + 1]));
        }
        return new Doc.Mapping(entries, null, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void writtenLikeLibyaml(String shown, String s, String value, String nested, String key) {
        assertEquals(value, YamlWriter.write(map("k", Doc.Scalar.string(s))), "as a value");
        assertEquals(nested, YamlWriter.write(map("a", map("k", Doc.Scalar.string(s)), "z", Doc.Scalar.integer("1"))),
                "as a nested value");
        assertEquals(key, YamlWriter.write(map(s, Doc.Scalar.string("v"))), "as a key");
    }
}
