package io.northstar.manifest;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of one mapping that is read as a struct: rejects duplicate fields
 * (serde does) and, for structs with {@code deny_unknown_fields}, unknown ones.
 */
final class DocFields {
    private final Map<String, Doc> values = new LinkedHashMap<>();
    private final String path;
    private final Doc.Mapping mapping;

    private DocFields(Doc.Mapping mapping, String path) {
        this.mapping = mapping;
        this.path = path;
    }

    static DocFields read(DocDecoder d, Doc.Mapping mapping, String path, boolean denyUnknown, String... known) {
        List<String> knownList = Arrays.asList(known);
        DocFields f = new DocFields(mapping, path);
        for (Doc.Entry e : mapping.entries()) {
            String key = d.key(e.key(), path);
            if (!knownList.contains(key)) {
                if (denyUnknown) {
                    throw d.error(DocDecoder.join(path, key), e.key(),
                            "unknown field `" + key + "`, expected " + expected(knownList));
                }
                continue;
            }
            if (f.values.containsKey(key)) {
                throw d.error(DocDecoder.join(path, key), e.key(), "duplicate field `" + key + "`");
            }
            f.values.put(key, e.value());
        }
        return f;
    }

    private static String expected(List<String> known) {
        if (known.isEmpty()) {
            return "no fields";
        }
        if (known.size() == 1) {
            return "`" + known.get(0) + "`";
        }
        StringBuilder b = new StringBuilder("one of ");
        for (int i = 0; i < known.size(); i++) {
            b.append(i == 0 ? "" : ", ").append('`').append(known.get(i)).append('`');
        }
        return b.toString();
    }

    /** The value or null when the key is absent. */
    Doc get(String key) {
        return values.get(key);
    }

    Doc required(DocDecoder d, String key) {
        Doc v = values.get(key);
        if (v == null) {
            throw d.error(path, mapping, "missing field `" + key + "`");
        }
        return v;
    }

    String path(String key) {
        return DocDecoder.join(path, key);
    }
}
