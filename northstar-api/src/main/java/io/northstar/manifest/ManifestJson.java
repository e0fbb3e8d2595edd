package io.northstar.manifest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;

/**
 * The manifest's JSON form as serde_json writes it (console inspect responses):
 * keys in Rust field order, absent options and empty collections omitted,
 * variants with data as single-key objects, unit variants as strings, selinux
 * members and unlimited rlimits as {@code null}.
 */
public final class ManifestJson {
    private ManifestJson() {
    }

    /** Reads and validates a manifest from its JSON form. Throws {@link ManifestException}. */
    public static Manifest fromJson(JsonNode node) {
        Manifest m = read(node);
        ManifestValidator.validate(m);
        return m;
    }

    /**
     * Reads a manifest from its JSON form with the types' own rules only (names, versions, variants), without
     * the manifest's validation rules: Northstar only deserializes the manifest of an inspect response, which
     * the runtime validated when it loaded the NPK. Throws {@link ManifestException}.
     */
    public static Manifest read(JsonNode node) {
        if (node == null) {
            throw new ManifestException(ManifestException.Stage.PARSE, "", "missing manifest");
        }
        return ManifestDecoder.decode(JsonDocReader.of(node), DocDecoder.Dialect.JSON);
    }

    /** The JSON form; a fresh tree the caller may modify. */
    public static ObjectNode toJson(Manifest manifest) {
        ObjectNode o = (ObjectNode) write(ManifestEncoder.encode(manifest));
        // custom is carried as the JsonNode it was read as, so number formats survive unchanged.
        manifest.custom().ifPresent(c -> o.set("custom", c));
        return o;
    }

    /** A Jackson module that (de)serializes {@link Manifest} with this form. */
    public static Module module() {
        SimpleModule module = new SimpleModule("northstar-manifest");
        module.addSerializer(Manifest.class, new JsonSerializer<>() {
            @Override
            public void serialize(Manifest value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeTree(toJson(value));
            }
        });
        module.addDeserializer(Manifest.class, new JsonDeserializer<>() {
            @Override
            public Manifest deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonNode tree = p.readValueAsTree();
                try {
                    return fromJson(tree);
                } catch (ManifestException e) {
                    throw JsonMappingException.from(p, e.getMessage(), e);
                }
            }
        });
        return module;
    }

    static JsonNode write(Doc doc) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode value = switch (doc) {
            case Doc.Mapping m -> {
                ObjectNode o = f.objectNode();
                for (Doc.Entry e : m.entries()) {
                    o.set(((Doc.Scalar) e.key()).text(), write(e.value()));
                }
                yield o;
            }
            case Doc.Sequence s -> {
                ArrayNode a = f.arrayNode();
                s.items().forEach(i -> a.add(write(i)));
                yield a;
            }
            case Doc.Scalar s -> scalar(s);
        };
        if (doc.tag() != null) {
            ObjectNode tagged = f.objectNode();
            tagged.set(doc.tag(), value);
            return tagged;
        }
        return value;
    }

    private static JsonNode scalar(Doc.Scalar s) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (s.kind()) {
            case INTEGER: {
                BigInteger v = new BigInteger(s.text());
                return v.bitLength() < 64 ? f.numberNode(v.longValue()) : f.numberNode(v);
            }
            case FLOAT:
                return f.numberNode(Double.parseDouble(s.text()));
            case BOOL:
                return f.booleanNode(Boolean.parseBoolean(s.text()));
            case NULL:
                return f.nullNode();
            default:
                return f.textNode(s.text());
        }
    }
}
