package io.northstar.console;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A parsed line plus what a plain Jackson tree forgets but serde looks at: which
 * object keys occurred more than once. serde refuses a repeated struct field but
 * lets the last entry of a map win, so the decision is made per field by
 * {@link JsonCursor}, not by the parser.
 */
final class JsonTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;
    private final Map<JsonNode, Set<String>> duplicates;

    private JsonTree(JsonNode root, Map<JsonNode, Set<String>> duplicates) {
        this.root = root;
        this.duplicates = duplicates;
    }

    /** A tree built in code or by Jackson: no duplicate keys are known. */
    static JsonTree of(JsonNode root) {
        return new JsonTree(root, Map.of());
    }

    JsonNode root() {
        return root;
    }

    /** Keys that occurred more than once in {@code object}. */
    Set<String> duplicateKeys(JsonNode object) {
        return duplicates.getOrDefault(object, Set.of());
    }

    static JsonTree parse(JsonFactory factory, String text) {
        Map<JsonNode, Set<String>> duplicates = new IdentityHashMap<>();
        try (JsonParser p = factory.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ConsoleDecodingException("message", "empty line");
            }
            JsonNode root = value(p, first, duplicates);
            if (p.nextToken() != null) {
                throw new ConsoleDecodingException("message", "malformed JSON: trailing characters at column "
                        + p.currentLocation().getColumnNr());
            }
            return new JsonTree(root, duplicates);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new ConsoleDecodingException("message", "malformed JSON: " + e.getOriginalMessage() + at, e);
        } catch (IOException e) {
            throw new ConsoleDecodingException("message", "malformed JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code node} as an object mapper's {@code writeTree} does, node by node (the generator's
     * number writers are where serde's float form is applied), without setting up an object mapper.
     */
    static void write(JsonGenerator out, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    out.writeFieldName(field.getKey());
                    write(out, field.getValue());
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray();
                for (JsonNode element : node) {
                    write(out, element);
                }
                out.writeEndArray();
            }
            case STRING -> out.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> out.writeNumber(node.intValue());
                    case LONG -> out.writeNumber(node.longValue());
                    case BIG_INTEGER -> out.writeNumber(node.bigIntegerValue());
                    case FLOAT -> out.writeNumber(node.floatValue());
                    case DOUBLE -> out.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> out.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> out.writeBoolean(node.booleanValue());
            case NULL -> out.writeNull();
            case BINARY -> out.writeBinary(node.binaryValue());
            case MISSING, POJO -> throw new IOException("no JSON form for a " + node.getNodeType() + " node");
        }
    }

    private static JsonNode value(JsonParser p, JsonToken t, Map<JsonNode, Set<String>> duplicates) throws IOException {
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String key = p.currentName();
                    JsonNode v = value(p, p.nextToken(), duplicates);
                    if (o.has(key)) {
                        duplicates.computeIfAbsent(o, x -> new HashSet<>()).add(key);
                    }
                    o.set(key, v);
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(value(p, e, duplicates));
                }
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                // serde_json reads -0 as the float -0.0, so it is not an integer.
                if (p.getText().equals("-0")) {
                    return NODES.numberNode(-0.0);
                }
                BigInteger big = p.getBigIntegerValue();
                return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
            case VALUE_NUMBER_FLOAT: {
                double d = p.getDoubleValue();
                if (Double.isInfinite(d)) {
                    throw new ConsoleDecodingException("message", "number out of range: " + p.getText());
                }
                return NODES.numberNode(d);
            }
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new ConsoleDecodingException("message", "malformed JSON: unexpected " + t);
        }
    }
}
