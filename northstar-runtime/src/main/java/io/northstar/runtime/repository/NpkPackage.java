package io.northstar.runtime.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.northstar.common.Container;
import io.northstar.npk.Npk;
import io.northstar.npk.key.VerifyingKey;
import java.nio.file.Path;
import java.util.Optional;

/** A loaded NPK: the npk reader's view plus the container id and manifest the runtime works with. */
public record NpkPackage(Npk npk, Container container, JsonNode manifestJson) implements LoadedNpk {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The loader of a repository: verified with {@code key} if present (npk-format §8). */
    public static NpkLoader loader(Optional<VerifyingKey> key) {
        return file -> load(file, key);
    }

    static NpkPackage load(Path file, Optional<VerifyingKey> key) throws Exception {
        Npk npk = Npk.read(file, key);
        JsonNode manifest = YAML.readTree(npk.manifestText());
        if (manifest == null || !manifest.isObject()) {
            throw new IllegalArgumentException("manifest.yaml is not a mapping");
        }
        JsonNode name = manifest.get("name");
        JsonNode version = manifest.get("version");
        if (name == null || version == null || !name.isTextual() || !version.isTextual()) {
            throw new IllegalArgumentException("manifest.yaml: name and version are required strings");
        }
        return new NpkPackage(npk, Container.of(name.asText(), version.asText()), manifest);
    }
}
