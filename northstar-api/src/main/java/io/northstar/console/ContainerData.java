package io.northstar.console;

import static io.northstar.console.Json.field;

import com.fasterxml.jackson.databind.JsonNode;
import io.northstar.manifest.Manifest;
import io.northstar.manifest.ManifestException;
import io.northstar.manifest.ManifestJson;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code inspect} tells about a container.
 *
 * @param manifest   the container's manifest (JSON form: docs/manifest.md, "JSON form", {@link ManifestJson})
 * @param repository id of the repository holding the container
 * @param mounted    whether its image is mounted
 * @param process    the running process, empty when the container is not started
 */
public record ContainerData(Manifest manifest, String repository, boolean mounted,
                            Optional<ContainerProcess> process) {
    public ContainerData {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(process, "process");
    }

    public JsonNode toJson() {
        return Json.fields(field("manifest", ManifestJson.toJson(manifest)), field("repository", Json.text(repository)),
                field("mounted", Json.bool(mounted)),
                field("process", process.map(ContainerProcess::toJson).orElse(Json.nul())));
    }

    static ContainerData fromJson(JsonCursor c) {
        return new ContainerData(manifest(c.field("manifest")), c.field("repository").string(),
                c.field("mounted").bool(), c.optionalField("process").map(ContainerProcess::fromJson));
    }

    /** Deserialized, not validated: as in Northstar, a client takes the runtime's manifest as it comes. */
    private static Manifest manifest(JsonCursor c) {
        try {
            return ManifestJson.read(c.raw());
        } catch (ManifestException e) {
            String path = e.field().isEmpty() ? c.path() : c.path() + "." + e.field();
            throw new ConsoleDecodingException(path, e.getMessage(), e);
        }
    }
}
