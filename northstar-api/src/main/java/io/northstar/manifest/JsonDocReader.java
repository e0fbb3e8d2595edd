package io.northstar.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON to {@link Doc}. Text is read with the streaming parser so that duplicate
 * keys survive (serde rejects some of them); a {@link JsonNode} is converted as
 * it is.
 */
final class JsonDocReader {
    private static final int MAX_DEPTH = DocLimits.MAX_DEPTH;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private JsonDocReader() {
    }

    static Doc read(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new ManifestException(ManifestException.Stage.PARSE, "", "invalid JSON: empty document");
            }
            Doc doc = value(p, t, new DocLimits.NodeBudget("JSON"));
            if (p.nextToken() != null) {
                throw new ManifestException(ManifestException.Stage.PARSE, "",
                        "invalid JSON: trailing characters at " + position(p.currentLocation()));
            }
            return doc;
        } catch (JsonProcessingException e) {
            throw new ManifestException(ManifestException.Stage.PARSE, "",
                    "invalid JSON: " + YamlDocReader.oneLine(e.getOriginalMessage()) + " at " + position(e.getLocation()), e);
        } catch (IOException e) {
            throw new ManifestException(ManifestException.Stage.PARSE, "", "invalid JSON: " + e.getMessage(), e);
        }
    }

    private static Doc value(JsonParser p, JsonToken t, DocLimits.NodeBudget budget) throws IOException {
        Doc.Position pos = position(p.currentTokenLocation());
        budget.take(pos);
        switch (t) {
            case START_OBJECT: {
                List<Doc.Entry> entries = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    Doc key = new Doc.Scalar(p.currentName(), Doc.ScalarKind.STRING, null, position(p.currentTokenLocation()));
                    budget.take(key.position());
                    entries.add(new Doc.Entry(key, value(p, p.nextToken(), budget)));
                }
                return new Doc.Mapping(List.copyOf(entries), null, pos);
            }
            case START_ARRAY: {
                List<Doc> items = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(value(p, t, budget));
                }
                return new Doc.Sequence(List.copyOf(items), null, pos);
            }
            case VALUE_STRING:
                return new Doc.Scalar(p.getText(), Doc.ScalarKind.STRING, null, pos);
            case VALUE_NUMBER_INT:
                return new Doc.Scalar(p.getText(), Doc.ScalarKind.INTEGER, null, pos);
            case VALUE_NUMBER_FLOAT:
                return new Doc.Scalar(p.getText(), Doc.ScalarKind.FLOAT, null, pos);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Doc.Scalar(p.getText(), Doc.ScalarKind.BOOL, null, pos);
            case VALUE_NULL:
                return new Doc.Scalar("null", Doc.ScalarKind.NULL, null, pos);
            default:
                throw new ManifestException(ManifestException.Stage.PARSE, "", "invalid JSON: unexpected " + t + " at " + pos);
        }
    }

    static Doc of(JsonNode node) {
        return of(node, 0, new DocLimits.NodeBudget("JSON"));
    }

    private static Doc of(JsonNode node, int depth, DocLimits.NodeBudget budget) {
        if (depth > MAX_DEPTH) {
            throw new ManifestException(ManifestException.Stage.PARSE, "", "JSON nesting deeper than " + MAX_DEPTH);
        }
        budget.take(null);
        switch (node.getNodeType()) {
            case OBJECT: {
                List<Doc.Entry> entries = new ArrayList<>();
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    entries.add(new Doc.Entry(Doc.Scalar.string(e.getKey()), of(e.getValue(), depth + 1, budget)));
                }
                return new Doc.Mapping(List.copyOf(entries), null, null);
            }
            case ARRAY: {
                List<Doc> items = new ArrayList<>();
                for (JsonNode item : node) {
                    items.add(of(item, depth + 1, budget));
                }
                return new Doc.Sequence(List.copyOf(items), null, null);
            }
            case STRING:
                return Doc.Scalar.string(node.textValue());
            case NUMBER:
                return node.isIntegralNumber()
                        ? Doc.Scalar.integer(node.bigIntegerValue().toString())
                        : new Doc.Scalar(node.asText(), Doc.ScalarKind.FLOAT, null, null);
            case BOOLEAN:
                return Doc.Scalar.bool(node.booleanValue());
            case NULL:
                return Doc.Scalar.nul();
            default:
                throw new ManifestException(ManifestException.Stage.PARSE, "",
                        "unsupported JSON node type " + node.getNodeType());
        }
    }

    private static Doc.Position position(JsonLocation loc) {
        return loc == null ? null : new Doc.Position(loc.getLineNr(), loc.getColumnNr());
    }
}
