package io.northstar.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.northstar.common.NonNulString;
import io.northstar.common.WireNamed;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of {@link Doc} values with the rules of the dialect they came
 * from. YAML (serde_yaml): any scalar reads as a string, plain scalars are typed
 * by {@link YamlScalars}, enum variants with data are tags. JSON and TOML
 * (serde_json, toml): scalars are typed by syntax, enum variants with data are
 * single-key maps.
 */
final class DocDecoder {
    enum Dialect { YAML, JSON, TOML }

    /** An externally tagged enum value: the variant name and its data, if any. */
    record Variant(String name, Doc data, Doc source) {
    }

    static final BigInteger U8_MAX = BigInteger.valueOf(0xff);
    static final BigInteger U16_MAX = BigInteger.valueOf(0xffff);
    static final BigInteger U32_MAX = BigInteger.valueOf(0xffff_ffffL);
    static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    static final BigInteger I8_MIN = BigInteger.valueOf(Byte.MIN_VALUE);
    static final BigInteger I8_MAX = BigInteger.valueOf(Byte.MAX_VALUE);
    static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    static final BigInteger I64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final Dialect dialect;

    DocDecoder(Dialect dialect) {
        this.dialect = dialect;
    }

    Dialect dialect() {
        return dialect;
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    ManifestException error(String path, Doc at, String reason) {
        Doc.Position pos = at == null ? null : at.position();
        return new ManifestException(ManifestException.Stage.PARSE, path, pos == null ? reason : reason + " at " + pos);
    }

    /** A null value: {@code null}/{@code ~}/empty plain scalar in YAML, {@code null} in JSON. */
    boolean isNull(Doc d) {
        if (!(d instanceof Doc.Scalar s) || d.tag() != null) {
            return false;
        }
        return s.kind() == Doc.ScalarKind.NULL || (s.kind() == Doc.ScalarKind.PLAIN && YamlScalars.isNull(s.text()));
    }

    /** serde_yaml reads an empty plain scalar as an empty sequence or map where one is expected. */
    private boolean isEmptyPlain(Doc d) {
        return d instanceof Doc.Scalar s && s.tag() == null && s.kind() == Doc.ScalarKind.PLAIN && s.text().isEmpty();
    }

    Doc.Mapping mapping(Doc d, String path) {
        if (d instanceof Doc.Mapping m) {
            return m;
        }
        if (isEmptyPlain(d)) {
            return new Doc.Mapping(List.of(), null, d.position());
        }
        throw error(path, d, "expected a map, found " + describe(d));
    }

    List<Doc> sequence(Doc d, String path) {
        if (d instanceof Doc.Sequence s) {
            return s.items();
        }
        if (isEmptyPlain(d)) {
            return List.of();
        }
        throw error(path, d, "expected a sequence, found " + describe(d));
    }

    /** A map key: in YAML any scalar (its text), in JSON/TOML always a string. */
    String key(Doc d, String path) {
        if (!(d instanceof Doc.Scalar s)) {
            throw error(path, d, "map keys must be scalars, found " + describe(d));
        }
        return s.text();
    }

    String string(Doc d, String path) {
        if (d instanceof Doc.Scalar s) {
            if (dialect == Dialect.YAML || s.kind() == Doc.ScalarKind.STRING) {
                if (s.tag() != null) {
                    throw error(path, d, "unexpected YAML tag !" + s.tag() + " on a string");
                }
                return s.text();
            }
        }
        throw error(path, d, "expected a string, found " + describe(d));
    }

    NonNulString nonNul(Doc d, String path) {
        return withoutNul(string(d, path), "string", d, path);
    }

    NonNulString nonNulKey(Doc d, String path) {
        return withoutNul(key(d, path), "key", d, path);
    }

    private NonNulString withoutNul(String s, String what, Doc d, String path) {
        int nul = s.indexOf('\0');
        if (nul >= 0) {
            throw error(path, d, what + " contains a NUL byte at position " + nul);
        }
        return NonNulString.of(s);
    }

    /** The integer value of a scalar, or null if the scalar is not an integer in this dialect. */
    BigInteger integerOrNull(Doc d) {
        if (!(d instanceof Doc.Scalar s) || d.tag() != null) {
            return null;
        }
        switch (s.kind()) {
            case PLAIN:
                return YamlScalars.parseInt(s.text());
            case INTEGER:
                return new BigInteger(s.text());
            default:
                return null;
        }
    }

    BigInteger integer(Doc d, String path, BigInteger min, BigInteger max, String type) {
        BigInteger v = integerOrNull(d);
        if (v == null) {
            throw error(path, d, "expected " + type + ", found " + describe(d));
        }
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw error(path, d, "invalid value: integer " + v + " is out of range of " + type);
        }
        return v;
    }

    int u16(Doc d, String path) {
        return integer(d, path, BigInteger.ZERO, U16_MAX, "u16").intValue();
    }

    int i8(Doc d, String path) {
        return integer(d, path, I8_MIN, I8_MAX, "i8").intValue();
    }

    long u32(Doc d, String path) {
        return integer(d, path, BigInteger.ZERO, U32_MAX, "u32").longValue();
    }

    /** u64 in a long: the bit pattern, to be read unsigned. */
    long u64(Doc d, String path) {
        return integer(d, path, BigInteger.ZERO, U64_MAX, "u64").longValue();
    }

    long i64(Doc d, String path) {
        return integer(d, path, I64_MIN, I64_MAX, "i64").longValue();
    }

    boolean bool(Doc d, String path) {
        if (d instanceof Doc.Scalar s && d.tag() == null) {
            if (s.kind() == Doc.ScalarKind.BOOL) {
                return Boolean.parseBoolean(s.text());
            }
            if (s.kind() == Doc.ScalarKind.PLAIN) {
                Boolean b = YamlScalars.parseBool(s.text());
                if (b != null) {
                    return b;
                }
            }
        }
        throw error(path, d, "expected a boolean, found " + describe(d));
    }

    /**
     * An externally tagged enum. YAML: a tag names a variant with data, an
     * untagged scalar a unit variant; the map form is rejected as serde_yaml
     * does. JSON/TOML: a string is a unit variant, a single-key map a variant
     * with data.
     */
    Variant variant(Doc d, String path) {
        if (dialect == Dialect.YAML) {
            if (d.tag() != null) {
                return new Variant(d.tag(), untagged(d), d);
            }
            if (d instanceof Doc.Scalar s) {
                return new Variant(s.text(), null, d);
            }
            if (d instanceof Doc.Mapping) {
                throw error(path, d, "invalid type: map, expected a YAML tag starting with '!' (write e.g. `!fifo {priority: 10}`)");
            }
            throw error(path, d, "expected a variant name or a YAML tag, found " + describe(d));
        }
        if (d instanceof Doc.Scalar s && s.kind() == Doc.ScalarKind.STRING) {
            return new Variant(s.text(), null, d);
        }
        if (d instanceof Doc.Mapping m && m.entries().size() == 1) {
            Doc.Entry e = m.entries().get(0);
            return new Variant(key(e.key(), path), e.value(), d);
        }
        throw error(path, d, "expected a variant name or a map with exactly one key, found " + describe(d));
    }

    /** A variant that must carry no data. */
    void requireUnit(Variant v, String path) {
        if (v.data() != null && !isNull(v.data())) {
            throw error(path, v.source(), "invalid type: variant `" + v.name() + "` takes no data");
        }
    }

    /** {@code value} for a unit variant; an error when the variant carries data. */
    <T> T unit(Variant v, String path, T value) {
        requireUnit(v, path);
        return value;
    }

    /** The constant of {@code type} a unit variant names; {@code expected} lists the names for the error. */
    <E extends Enum<E> & WireNamed> E wireEnum(Doc v, String path, Class<E> type, String expected) {
        Variant var = variant(v, path);
        requireUnit(var, path);
        return WireNamed.fromWireName(type, var.name()).orElseThrow(() -> unknownVariant(var, path, expected));
    }

    /** A variant that must carry data. */
    Doc requireData(Variant v, String path, String what) {
        if (v.data() == null) {
            String hint = dialect == Dialect.YAML ? "!" + v.name() + " " + what : "{\"" + v.name() + "\": " + what + "}";
            throw error(path, v.source(), "invalid type: unit variant, expected variant `" + v.name() + "` with data, written " + hint);
        }
        return v.data();
    }

    ManifestException unknownVariant(Variant v, String path, String expected) {
        return error(path, v.source(), "unknown variant `" + v.name() + "`, expected " + expected);
    }

    private static Doc untagged(Doc d) {
        return switch (d) {
            case Doc.Scalar s -> new Doc.Scalar(s.text(), s.kind(), null, s.position());
            case Doc.Sequence s -> new Doc.Sequence(s.items(), null, s.position());
            case Doc.Mapping m -> new Doc.Mapping(m.entries(), null, m.position());
        };
    }

    /** Arbitrary data (the {@code custom} field) as a JSON value, typed as serde_json::Value would be. */
    JsonNode json(Doc d, String path) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (d.tag() != null) {
            throw error(path, d, "YAML tag !" + d.tag() + " cannot be represented as JSON");
        }
        switch (d) {
            case Doc.Mapping m -> {
                ObjectNode o = f.objectNode();
                for (Doc.Entry e : m.entries()) {
                    String k = key(e.key(), path);
                    o.set(k, json(e.value(), join(path, k)));
                }
                return o;
            }
            case Doc.Sequence seq -> {
                ArrayNode a = f.arrayNode();
                List<Doc> items = seq.items();
                for (int i = 0; i < items.size(); i++) {
                    a.add(json(items.get(i), index(path, i)));
                }
                return a;
            }
            case Doc.Scalar s -> {
                return jsonScalar(s);
            }
        }
    }

    private static JsonNode jsonScalar(Doc.Scalar s) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (s.kind()) {
            case STRING:
                return f.textNode(s.text());
            case NULL:
                return f.nullNode();
            case BOOL:
                return f.booleanNode(Boolean.parseBoolean(s.text()));
            case INTEGER:
                // A JSON or TOML integer beyond i64/u64 is an f64 in serde_json, as in YAML (found by ManifestFuzzTest).
                return integerOrFloat(new BigInteger(s.text()));
            case FLOAT:
                return floatNode(Double.parseDouble(s.text()));
            default:
                break;
        }
        String t = s.text();
        switch (YamlScalars.resolve(t)) {
            case NULL:
                return f.nullNode();
            case BOOL:
                return f.booleanNode(YamlScalars.parseBool(t));
            case INT:
                return integerOrFloat(YamlScalars.parseInt(t));
            case FLOAT:
                return floatNode(YamlScalars.parseFloat(t));
            default:
                return f.textNode(t);
        }
    }

    private static JsonNode integerOrFloat(BigInteger v) {
        if (v.compareTo(I64_MIN) >= 0 && v.compareTo(U64_MAX) <= 0) {
            return CustomData.integer(v);
        }
        return floatNode(v.doubleValue());
    }

    /** serde_json has no NaN or infinity: they become null. */
    private static JsonNode floatNode(double v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (!Double.isFinite(v)) {
            return f.nullNode();
        }
        return f.numberNode(v);
    }

    static String describe(Doc d) {
        String tag = d.tag() == null ? "" : "!" + d.tag() + " ";
        return switch (d) {
            case Doc.Mapping m -> tag + "a map";
            case Doc.Sequence seq -> tag + "a sequence";
            case Doc.Scalar s -> tag + describeScalar(s);
        };
    }

    private static String describeScalar(Doc.Scalar s) {
        YamlScalars.Type type = switch (s.kind()) {
            case STRING -> YamlScalars.Type.STRING;
            case INTEGER -> YamlScalars.Type.INT;
            case FLOAT -> YamlScalars.Type.FLOAT;
            case BOOL -> YamlScalars.Type.BOOL;
            case NULL -> YamlScalars.Type.NULL;
            // A plain YAML scalar is what it resolves to.
            case PLAIN -> YamlScalars.resolve(s.text());
        };
        return switch (type) {
            case NULL -> "null";
            case BOOL -> "boolean " + s.text();
            case INT -> "integer " + s.text();
            case FLOAT -> "floating point " + s.text();
            case STRING -> "string " + quote(s.text());
        };
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        int limit = Math.min(s.length(), 80);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else {
                b.append(c);
            }
        }
        if (s.length() > limit) {
            b.append("...");
        }
        return b.append('"').toString();
    }

    static Optional<Doc> optional(DocDecoder d, Doc v) {
        return v == null || d.isNull(v) ? Optional.empty() : Optional.of(v);
    }
}
