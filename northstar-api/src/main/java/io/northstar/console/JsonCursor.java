package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.northstar.common.Container;
import io.northstar.common.InvalidValueException;
import io.northstar.common.Name;
import io.northstar.common.NonNulString;
import io.northstar.common.Version;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A value inside a received document together with its path, so that every
 * decoding error names the field it is about. Follows serde's rules: unknown
 * object keys are ignored, non-{@code Option} fields are required, integers
 * must be in range and written without fraction or exponent.
 */
final class JsonCursor {
    private static final BigInteger U64_MAX = new BigInteger("18446744073709551615");
    private static final int MAX_QUOTED = 80;

    private final JsonNode node;
    private final String path;
    private final JsonTree tree;

    /** A cursor on a value that was not parsed from text (no duplicate keys to know about). */
    JsonCursor(JsonNode node, String path) {
        this(node, path, JsonTree.of(node));
    }

    JsonCursor(JsonNode node, String path, JsonTree tree) {
        this.node = node;
        this.path = path;
        this.tree = tree;
    }

    /** The root of a parsed line. */
    static JsonCursor root(JsonTree tree) {
        return new JsonCursor(tree.root(), "message", tree);
    }

    String path() {
        return path;
    }

    JsonNode raw() {
        return node;
    }

    boolean isNull() {
        return node.isNull();
    }

    boolean isObject() {
        return node.isObject();
    }

    boolean has(String key) {
        return node.isObject() && node.has(key);
    }

    ConsoleDecodingException error(String detail) {
        return new ConsoleDecodingException(path, detail);
    }

    private ConsoleDecodingException expected(String what) {
        return error("expected " + what + ", found " + describe(node));
    }

    static String describe(JsonNode n) {
        return switch (n.getNodeType()) {
            case STRING -> "string \"" + quote(n.textValue()) + "\"";
            case NUMBER -> "number " + n.asText();
            case BOOLEAN -> "boolean " + n.asText();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> n.getNodeType().toString().toLowerCase();
        };
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < MAX_QUOTED; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > MAX_QUOTED) {
            b.append("...");
        }
        return b.toString();
    }

    private JsonCursor child(JsonNode n, String segment) {
        return new JsonCursor(n, path + segment, tree);
    }

    /** A value under a key of the untagged envelope; its path starts fresh at the key. */
    JsonCursor envelope(String key) {
        JsonCursor f = field(key);
        return new JsonCursor(f.node, key, tree);
    }

    // serde refuses a struct field given twice (maps let the last one win, see entries()).
    private void requireUnique(String name) {
        if (tree.duplicateKeys(node).contains(name)) {
            throw error("duplicate field `" + name + "`");
        }
    }

    private void requireObject() {
        if (!node.isObject()) {
            throw expected("an object");
        }
    }

    /** A required field; null is passed on to the field's own decoder. */
    JsonCursor field(String name) {
        requireObject();
        JsonNode v = node.get(name);
        if (v == null) {
            throw error("missing field `" + name + "`");
        }
        requireUnique(name);
        return child(v, "." + name);
    }

    /** An {@code Option} field: absent and null are both {@code None}. */
    Optional<JsonCursor> optionalField(String name) {
        requireObject();
        JsonNode v = node.get(name);
        if (v != null) {
            requireUnique(name);
        }
        return v == null || v.isNull() ? Optional.empty() : Optional.of(child(v, "." + name));
    }

    List<JsonCursor> elements() {
        if (!node.isArray()) {
            throw expected("an array");
        }
        List<JsonCursor> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(child(node.get(i), "[" + i + "]"));
        }
        return out;
    }

    <T> List<T> list(Function<JsonCursor, T> element) {
        List<T> out = new ArrayList<>();
        for (JsonCursor c : elements()) {
            out.add(element.apply(c));
        }
        return List.copyOf(out);
    }

    /** A serde tuple: an array of exactly {@code n} elements. */
    List<JsonCursor> tuple(int n) {
        List<JsonCursor> e = elements();
        if (e.size() != n) {
            throw error("expected an array of " + n + " elements, found " + e.size());
        }
        return e;
    }

    /**
     * Object entries in document order; keys are checked like any other string. A key
     * given twice keeps its first position and its last value, as a serde map would.
     */
    Map<String, JsonCursor> entries() {
        requireObject();
        Map<String, JsonCursor> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            checkUnicode(e.getKey(), path + "[\"" + quote(e.getKey()) + "\"]");
            out.put(e.getKey(), child(e.getValue(), "[\"" + quote(e.getKey()) + "\"]"));
        }
        return out;
    }

    String string() {
        if (!node.isTextual()) {
            throw expected("a string");
        }
        String s = node.textValue();
        checkUnicode(s, path);
        return s;
    }

    // serde_json refuses \\u escapes that leave a lone surrogate; Jackson would let them through.
    private static void checkUnicode(String s, String path) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ConsoleDecodingException(path, "lone surrogate \\u" + Integer.toHexString(c) + " in string");
            }
        }
    }

    private <T> T parsed(Function<String, T> parser) {
        String s = string();
        try {
            return parser.apply(s);
        } catch (InvalidValueException e) {
            throw error(e.getMessage());
        }
    }

    NonNulString nonNul() {
        return parsed(NonNulString::of);
    }

    Name name() {
        return parsed(Name::of);
    }

    Version version() {
        return parsed(Version::parse);
    }

    Container container() {
        return parsed(Container::parse);
    }

    boolean bool() {
        if (!node.isBoolean()) {
            throw expected("a boolean");
        }
        return node.booleanValue();
    }

    private BigInteger integer(String type) {
        if (!node.isIntegralNumber()) {
            throw expected("an integer (" + type + ")");
        }
        return node.bigIntegerValue();
    }

    private ConsoleDecodingException outOfRange(BigInteger v, String type) {
        return error("integer " + v + " out of range for " + type);
    }

    /** A u64, returned in a long to be read unsigned. */
    long u64() {
        BigInteger v = integer("u64");
        if (v.signum() < 0 || v.compareTo(U64_MAX) > 0) {
            throw outOfRange(v, "u64");
        }
        return v.longValue();
    }

    long u32() {
        BigInteger v = integer("u32");
        if (v.signum() < 0 || v.bitLength() > 32) {
            throw outOfRange(v, "u32");
        }
        return v.longValue();
    }

    int i32() {
        BigInteger v = integer("i32");
        if (v.bitLength() > 31) {
            throw outOfRange(v, "i32");
        }
        return v.intValue();
    }

    /**
     * Base64 with the rules of Rust's base64 0.22 {@code STANDARD} engine: standard
     * alphabet, canonical {@code =} padding, no non-zero bits after the last byte.
     */
    byte[] base64() {
        String s = string();
        if (s.length() % 4 != 0) {
            throw error("invalid base64 \"" + quote(s) + "\": length " + s.length() + " is not a multiple of 4 (padding missing)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw error("invalid base64 \"" + quote(s) + "\": " + e.getMessage());
        }
        if (!Base64.getEncoder().encodeToString(bytes).equals(s)) {
            throw error("invalid base64 \"" + quote(s) + "\": non-zero trailing bits or misplaced padding");
        }
        return bytes;
    }

    /**
     * An externally tagged enum value: a string for a unit variant, or an object
     * with exactly one key. Unit variants may also arrive as {@code {"name": null}}.
     */
    Variant variant(String enumName) {
        if (node.isTextual()) {
            String name = string();
            return new Variant(name, null, this);
        }
        if (!node.isObject()) {
            throw error("expected " + enumName + " (a string or an object with one key), found " + describe(node));
        }
        if (node.size() != 1) {
            throw error("expected " + enumName + " as an object with exactly one key, found " + node.size() + " keys");
        }
        if (!tree.duplicateKeys(node).isEmpty()) {
            throw error("expected " + enumName + " as an object with exactly one key, found the key `"
                    + quote(node.fieldNames().next()) + "` more than once");
        }
        String name = node.fieldNames().next();
        checkUnicode(name, path);
        return new Variant(name, child(node.get(name), "." + name), this);
    }

    /** One variant of an externally tagged enum; {@code value} is null for the string form. */
    record Variant(String name, JsonCursor value, JsonCursor at) {
        ConsoleDecodingException unknown() {
            return at.error("unknown variant `" + quote(name) + "`");
        }

        /** The content of a newtype, tuple or struct variant. */
        JsonCursor content() {
            if (value == null) {
                throw at.error("variant `" + name + "` needs a value, found a plain string");
            }
            return value;
        }

        /** Checks that this is the unit form: a string or {@code {"name": null}}. */
        <T> T unit(T variant) {
            if (value != null && !value.isNull()) {
                throw value.error("unit variant `" + name + "` takes no value, found " + describe(value.raw()));
            }
            return variant;
        }
    }
}
