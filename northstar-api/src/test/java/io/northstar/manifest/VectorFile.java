package io.northstar.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A file of test vectors generated from libyaml: one JSON object a line, on the test class path. */
final class VectorFile {
    private VectorFile() {
    }

    static List<JsonNode> read(String resource) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        InputStream in = VectorFile.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("test vectors " + resource + " are not on the class path");
        }
        List<JsonNode> vectors = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                vectors.add(mapper.readTree(line));
            }
        }
        return vectors;
    }
}
