package io.northstar.console;

import static io.northstar.console.Json.field;

import com.fasterxml.jackson.databind.JsonNode;
import io.northstar.common.Container;
import io.northstar.common.Name;
import java.util.Objects;

/**
 * The {@code Error} of a failed request (Rust {@code api::model::Error}). All
 * variants are struct variants: {@code {"invalid_container":{"container":"foo:1.0.0"}}}.
 * The free-text fields are messages for humans; clients must not parse them.
 */
public sealed interface ConsoleError {

    /** Never produced by Northstar 0.9; defined for compatibility. */
    record Configuration(String context) implements ConsoleError {
        public Configuration {
            Objects.requireNonNull(context, "context");
        }
    }

    /** Never produced by Northstar 0.9; defined for compatibility. */
    record DuplicateContainer(Container container) implements ConsoleError {
        public DuplicateContainer {
            Objects.requireNonNull(container, "container");
        }
    }

    record InvalidContainer(Container container) implements ConsoleError {
        public InvalidContainer {
            Objects.requireNonNull(container, "container");
        }
    }

    record InvalidArguments(String cause) implements ConsoleError {
        public InvalidArguments {
            Objects.requireNonNull(cause, "cause");
        }
    }

    /** Never produced by Northstar 0.9 (an already mounted container gives {@link InvalidContainer}). */
    record MountBusy(Container container) implements ConsoleError {
        public MountBusy {
            Objects.requireNonNull(container, "container");
        }
    }

    record UmountBusy(Container container) implements ConsoleError {
        public UmountBusy {
            Objects.requireNonNull(container, "container");
        }
    }

    record StartContainerStarted(Container container) implements ConsoleError {
        public StartContainerStarted {
            Objects.requireNonNull(container, "container");
        }
    }

    /** Start of a resource container (no init). */
    record StartContainerResource(Container container) implements ConsoleError {
        public StartContainerResource {
            Objects.requireNonNull(container, "container");
        }
    }

    /**
     * {@code version} is plain text, as in Northstar: the manifest's requirement (e.g. {@code >=0.0.1}) when no
     * installed version fits, the resolved resource's version (e.g. {@code 0.0.1}) when its directory is missing.
     */
    record StartContainerMissingResource(Container container, Name resource, String version) implements ConsoleError {
        public StartContainerMissingResource {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(version, "version");
        }
    }

    record StartContainerFailed(Container container, String error) implements ConsoleError {
        public StartContainerFailed {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(error, "error");
        }
    }

    record StopContainerNotStarted(Container container) implements ConsoleError {
        public StopContainerNotStarted {
            Objects.requireNonNull(container, "container");
        }
    }

    record InvalidRepository(String repository) implements ConsoleError {
        public InvalidRepository {
            Objects.requireNonNull(repository, "repository");
        }
    }

    record InstallDuplicate(Container container) implements ConsoleError {
        public InstallDuplicate {
            Objects.requireNonNull(container, "container");
        }
    }

    /** Terminates the runtime; Northstar 0.9 never sends it in a response. */
    record CriticalContainer(Container container, ExitStatus status) implements ConsoleError {
        public CriticalContainer {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(status, "status");
        }
    }

    record Unexpected(String error) implements ConsoleError {
        public Unexpected {
            Objects.requireNonNull(error, "error");
        }
    }

    /** The wire form: one externally tagged struct variant per type. */
    default JsonNode toJson() {
        return switch (this) {
            case Configuration(var context) -> Json.struct("configuration", field("context", Json.text(context)));
            case DuplicateContainer(var container) -> containerVariant("duplicate_container", container);
            case InvalidContainer(var container) -> containerVariant("invalid_container", container);
            case InvalidArguments(var cause) -> Json.struct("invalid_arguments", field("cause", Json.text(cause)));
            case MountBusy(var container) -> containerVariant("mount_busy", container);
            case UmountBusy(var container) -> containerVariant("umount_busy", container);
            case StartContainerStarted(var container) -> containerVariant("start_container_started", container);
            case StartContainerResource(var container) -> containerVariant("start_container_resource", container);
            case StartContainerMissingResource(var container, var resource, var version) ->
                    Json.struct("start_container_missing_resource", field("container", Json.text(container)),
                            field("resource", Json.text(resource)), field("version", Json.text(version)));
            case StartContainerFailed(var container, var error) -> Json.struct("start_container_failed",
                    field("container", Json.text(container)), field("error", Json.text(error)));
            case StopContainerNotStarted(var container) -> containerVariant("stop_container_not_started", container);
            case InvalidRepository(var repository) ->
                    Json.struct("invalid_repository", field("repository", Json.text(repository)));
            case InstallDuplicate(var container) -> containerVariant("install_duplicate", container);
            case CriticalContainer(var container, var status) -> Json.struct("critical_container",
                    field("container", Json.text(container)), field("status", status.toJson()));
            case Unexpected(var error) -> Json.struct("unexpected", field("error", Json.text(error)));
        };
    }

    private static JsonNode containerVariant(String variant, Container container) {
        return Json.struct(variant, field("container", Json.text(container)));
    }

    static ConsoleError fromJson(JsonCursor c) {
        JsonCursor.Variant v = c.variant("Error");
        return switch (v.name()) {
            case "configuration" -> new Configuration(v.content().field("context").string());
            case "duplicate_container" -> new DuplicateContainer(container(v));
            case "invalid_container" -> new InvalidContainer(container(v));
            case "invalid_arguments" -> new InvalidArguments(v.content().field("cause").string());
            case "mount_busy" -> new MountBusy(container(v));
            case "umount_busy" -> new UmountBusy(container(v));
            case "start_container_started" -> new StartContainerStarted(container(v));
            case "start_container_resource" -> new StartContainerResource(container(v));
            case "start_container_missing_resource" -> new StartContainerMissingResource(container(v),
                    v.content().field("resource").name(), v.content().field("version").string());
            case "start_container_failed" -> new StartContainerFailed(container(v), v.content().field("error").string());
            case "stop_container_not_started" -> new StopContainerNotStarted(container(v));
            case "invalid_repository" -> new InvalidRepository(v.content().field("repository").string());
            case "install_duplicate" -> new InstallDuplicate(container(v));
            case "critical_container" -> new CriticalContainer(container(v),
                    ExitStatus.fromJson(v.content().field("status")));
            case "unexpected" -> new Unexpected(v.content().field("error").string());
            default -> throw v.unknown();
        };
    }

    private static Container container(JsonCursor.Variant v) {
        return v.content().field("container").container();
    }
}
