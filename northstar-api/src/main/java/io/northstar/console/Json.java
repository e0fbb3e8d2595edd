package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.util.Base64;

/** Building blocks for the serde shapes the console emits. */
final class Json {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    static JsonNode nul() {
        return NullNode.getInstance();
    }

    static JsonNode text(Object value) {
        return TextNode.valueOf(value.toString());
    }

    /** An array of the values' text, in iteration order. */
    static ArrayNode texts(Iterable<?> values) {
        ArrayNode a = array();
        values.forEach(v -> a.add(v.toString()));
        return a;
    }

    /** A u64 held in a signed long. */
    static JsonNode u64(long value) {
        return value >= 0 ? NODES.numberNode(value) : NODES.numberNode(new BigInteger(Long.toUnsignedString(value)));
    }

    static JsonNode number(long value) {
        return NODES.numberNode(value);
    }

    static JsonNode bool(boolean value) {
        return NODES.booleanNode(value);
    }

    static JsonNode base64(byte[] bytes) {
        return TextNode.valueOf(Base64.getEncoder().encodeToString(bytes));
    }

    /** Externally tagged variant with a value: {@code {"name": value}}. */
    static ObjectNode variant(String name, JsonNode value) {
        ObjectNode o = object();
        o.set(name, value);
        return o;
    }

    /** One field of a struct: {@code "name": value}. */
    record Field(String name, JsonNode value) {
    }

    static Field field(String name, JsonNode value) {
        return new Field(name, value);
    }

    /** An object of {@code fields}, in order. */
    static ObjectNode fields(Field... fields) {
        ObjectNode o = object();
        for (Field f : fields) {
            o.set(f.name(), f.value());
        }
        return o;
    }

    /** Struct variant: {@code {"name": {"field": value, ...}}}. */
    static ObjectNode struct(String name, Field... fields) {
        return variant(name, fields(fields));
    }

    /** Unit variant: a plain string. */
    static JsonNode unit(String name) {
        return TextNode.valueOf(name);
    }

    /** Tuple variant: {@code {"name": [a, b]}}. */
    static ObjectNode tuple(String name, JsonNode... values) {
        ArrayNode a = array();
        for (JsonNode v : values) {
            a.add(v);
        }
        return variant(name, a);
    }
}
