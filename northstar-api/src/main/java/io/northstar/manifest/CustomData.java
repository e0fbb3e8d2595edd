package io.northstar.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * The opaque {@code custom} value. Jackson's node equality depends on the node
 * class ({@code IntNode(1)} is not {@code LongNode(1)}), so the manifest keeps a
 * copy whose integers use the class Jackson's reader would pick for the value;
 * equal manifests then compare equal however they were built or read.
 */
final class CustomData {
    private CustomData() {
    }

    static JsonNode canonical(JsonNode n) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (n.getNodeType()) {
            case OBJECT: {
                ObjectNode o = f.objectNode();
                Iterator<Map.Entry<String, JsonNode>> it = n.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    o.set(e.getKey(), canonical(e.getValue()));
                }
                return o;
            }
            case ARRAY: {
                ArrayNode a = f.arrayNode();
                n.forEach(i -> a.add(canonical(i)));
                return a;
            }
            case NUMBER:
                return n.isIntegralNumber() ? integer(n.bigIntegerValue()) : n.deepCopy();
            default:
                return n.deepCopy();
        }
    }

    static JsonNode integer(BigInteger v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v.bitLength() < 32) {
            return f.numberNode(v.intValue());
        }
        if (v.bitLength() < 64) {
            return f.numberNode(v.longValue());
        }
        return f.numberNode(v);
    }
}
