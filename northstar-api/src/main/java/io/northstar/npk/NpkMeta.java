package io.northstar.npk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.northstar.common.InvalidValueException;
import io.northstar.common.Version;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The NPK "meta": the zip archive comment, YAML {@code version: <NPK format
 * version>} (docs/npk-format.md, "Meta").
 *
 * @param version the NPK format version (pre-release dropped)
 */
public record NpkMeta(Version version) {
    /** The format version this implementation writes, as Northstar 0.9.3 does. */
    public static final Version CURRENT = Version.of(0, 9, 3);
    /** Accepted: {@code >= MAJOR.MINOR.0} of the runtime, no upper bound. */
    public static final Version MINIMUM = Version.of(0, 9, 0);
    private static final YAMLFactory YAML = new YAMLFactory();

    public static NpkMeta current() {
        return new NpkMeta(CURRENT);
    }

    /** The comment bytes as serde_yaml writes them: {@code version: 0.9.3\n}. */
    public byte[] toBytes() {
        return ("version: " + version + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses the comment and applies the version rule.
     *
     * @throws NpkException naming the zip comment when it is not the meta YAML
     *                      or its version is below 0.9
     */
    public static NpkMeta parse(byte[] comment) throws NpkException {
        String text = Npk.utf8(comment, "zip comment (NPK meta)");
        JsonNode node;
        try {
            node = YamlTree.read(YAML, text);
        } catch (JsonProcessingException e) {
            throw new NpkException("zip comment (NPK meta): not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new NpkException("zip comment (NPK meta): not valid YAML: " + e.getMessage());
        }
        if (node == null || !node.isObject() || !node.has("version") || !node.get("version").isValueNode()) {
            throw new NpkException("zip comment (NPK meta): missing \"version\"");
        }
        Version version;
        try {
            version = Version.parse(node.get("version").asText());
        } catch (InvalidValueException e) {
            throw new NpkException("zip comment (NPK meta): " + e.getMessage());
        }
        if (version.compareTo(MINIMUM) < 0) {
            throw new NpkException("zip comment (NPK meta): NPK version format " + version
                    + " doesn't match required version >=" + MINIMUM.major() + "." + MINIMUM.minor());
        }
        return new NpkMeta(version);
    }
}
