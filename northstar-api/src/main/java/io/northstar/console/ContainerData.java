package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code inspect} tells about a container.
 *
 * @param manifest   the container's manifest in its JSON form (spec Appendix A)
 * @param repository id of the repository holding the container
 * @param mounted    whether its image is mounted
 * @param process    the running process, empty when the container is not started
 */
public record ContainerData(JsonNode manifest, String repository, boolean mounted,
                            Optional<ContainerProcess> process) {
    public ContainerData {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(process, "process");
        manifest = manifest.deepCopy();
    }

    public JsonNode toJson() {
        ObjectNode o = Json.object();
        o.set("manifest", manifest.deepCopy());
        o.set("repository", Json.text(repository));
        o.set("mounted", Json.bool(mounted));
        o.set("process", process.map(ContainerProcess::toJson).orElse(Json.nul()));
        return o;
    }

    static ContainerData fromJson(JsonCursor c) {
        JsonCursor manifest = c.field("manifest");
        if (!manifest.isObject()) {
            throw manifest.error("expected a manifest object, found " + JsonCursor.describe(manifest.raw()));
        }
        return new ContainerData(manifest.raw(), c.field("repository").string(), c.field("mounted").bool(),
                c.optionalField("process").map(ContainerProcess::fromJson));
    }
}
