package io.northstar.npk;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;

/**
 * The first YAML document of a text as Jackson's tree, built from the parser's tokens the way
 * {@code ObjectMapper.readTree} builds it (the last of repeated keys wins, integers as small as they
 * fit, floats as doubles, what follows the first value ignored), without an object mapper: setting one up
 * loads some 250 classes of data binding at every start of the runtime, for two small YAML texts per NPK.
 */
final class YamlTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private YamlTree() {
    }

    /** The document's root, or null for a text without one. */
    static JsonNode read(YAMLFactory yaml, String text) throws IOException {
        try (JsonParser p = yaml.createParser(text)) {
            JsonToken first = p.nextToken();
            return first == null ? null : value(p, first);
        }
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String key = p.currentName();
                    o.set(key, value(p, p.nextToken()));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(value(p, e));
                }
                yield a;
            }
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            // !!binary: the decoded bytes, as the mapper keeps them.
            case VALUE_EMBEDDED_OBJECT -> p.getEmbeddedObject() instanceof byte[] bytes
                    ? NODES.binaryNode(bytes) : NODES.pojoNode(p.getEmbeddedObject());
            default -> throw new JsonParseException(p, "unexpected " + t);
        };
    }
}
