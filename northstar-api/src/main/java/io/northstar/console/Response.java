package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.northstar.common.Container;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The runtime's answer to a request, sent as {@code {"response": ...}}.
 *
 * <p>Note: inside this file {@code List} is the response variant; collections are {@code java.util.List}.
 */
public sealed interface Response extends Message {

    /** The peer's identity: {@code extern:0.0.0} on the global console, else the container. */
    record Ident(Container container) implements Response {
        public Ident {
            Objects.requireNonNull(container, "container");
        }
    }

    record Inspect(InspectResult result) implements Response {
        public Inspect {
            Objects.requireNonNull(result, "result");
        }
    }

    record Install(InstallResult result) implements Response {
        public Install {
            Objects.requireNonNull(result, "result");
        }
    }

    record Kill(ContainerResult result) implements Response {
        public Kill {
            Objects.requireNonNull(result, "result");
        }
    }

    record List(java.util.List<Container> containers) implements Response {
        public List {
            containers = java.util.List.copyOf(containers);
        }
    }

    /** Extension (docs/protocol.md, "Container logs"). */
    record Logs(LogsResult result) implements Response {
        public Logs {
            Objects.requireNonNull(result, "result");
        }
    }

    /** One result per requested container, in request order. */
    record Mount(java.util.List<ContainerResult> results) implements Response {
        public Mount {
            results = java.util.List.copyOf(results);
        }
    }

    /** The request was not executed; it is echoed in full. */
    record PermissionDenied(Request request) implements Response {
        public PermissionDenied {
            Objects.requireNonNull(request, "request");
        }
    }

    /** Repository ids: a set, order irrelevant; kept in the received or given order. */
    record Repositories(Set<String> repositories) implements Response {
        public Repositories {
            repositories = Collections.unmodifiableSet(new LinkedHashSet<>(repositories));
        }
    }

    record Shutdown() implements Response {
    }

    record Start(ContainerResult result) implements Response {
        public Start {
            Objects.requireNonNull(result, "result");
        }
    }

    /** Answer to {@code token_create}. */
    record TokenCreated(Token token) implements Response {
        public TokenCreated {
            Objects.requireNonNull(token, "token");
        }
    }

    record TokenVerification(VerificationResult result) implements Response {
        public TokenVerification {
            Objects.requireNonNull(result, "result");
        }
    }

    record Umount(java.util.List<ContainerResult> results) implements Response {
        public Umount {
            results = java.util.List.copyOf(results);
        }
    }

    record Uninstall(ContainerResult result) implements Response {
        public Uninstall {
            Objects.requireNonNull(result, "result");
        }
    }

    /** Extension: answer to {@code update} (docs/protocol.md, "Updating a container"), sent when the update has ended. */
    record Update(UpdateResult result) implements Response {
        public Update {
            Objects.requireNonNull(result, "result");
        }
    }

    /** The wire form: one externally tagged variant per type, with the names {@link #fromJson} reads. */
    @Override
    default JsonNode toJson() {
        return switch (this) {
            case Ident(var container) -> Json.variant("ident", Json.text(container));
            case Inspect(var result) -> Json.variant("inspect", result.toJson());
            case Install(var result) -> Json.variant("install", result.toJson());
            case Kill(var result) -> Json.variant("kill", result.toJson());
            case List(var containers) -> Json.variant("list", Json.texts(containers));
            case Logs(var result) -> Json.variant("logs", result.toJson());
            case Mount(var results) -> resultsVariant("mount", results);
            case PermissionDenied(var request) -> Json.variant("permission_denied", request.toJson());
            case Repositories(var repositories) -> Json.variant("repositories", Json.texts(repositories));
            case Shutdown() -> Json.unit("shutdown");
            case Start(var result) -> Json.variant("start", result.toJson());
            case TokenCreated(var token) -> Json.variant("token", token.toJson());
            case TokenVerification(var result) -> Json.variant("token_verification", result.toJson());
            case Umount(var results) -> resultsVariant("umount", results);
            case Uninstall(var result) -> Json.variant("uninstall", result.toJson());
            case Update(var result) -> Json.variant("update", result.toJson());
        };
    }

    private static JsonNode resultsVariant(String variant, java.util.List<ContainerResult> results) {
        ArrayNode a = Json.array();
        results.forEach(r -> a.add(r.toJson()));
        return Json.variant(variant, a);
    }

    static Response fromJson(JsonCursor c) {
        JsonCursor.Variant v = c.variant("Response");
        return switch (v.name()) {
            case "shutdown" -> v.unit(new Shutdown());
            case "ident" -> new Ident(v.content().container());
            case "inspect" -> new Inspect(InspectResult.fromJson(v.content()));
            case "install" -> new Install(InstallResult.fromJson(v.content()));
            case "kill" -> new Kill(ContainerResult.fromJson(v.content()));
            case "list" -> new List(v.content().list(JsonCursor::container));
            case "logs" -> new Logs(LogsResult.fromJson(v.content()));
            case "mount" -> new Mount(v.content().list(ContainerResult::fromJson));
            case "permission_denied" -> new PermissionDenied(Request.fromJson(v.content()));
            case "repositories" -> new Repositories(new LinkedHashSet<>(v.content().list(JsonCursor::string)));
            case "start" -> new Start(ContainerResult.fromJson(v.content()));
            case "token" -> new TokenCreated(Token.fromJson(v.content()));
            case "token_verification" -> new TokenVerification(VerificationResult.fromJson(v.content()));
            case "umount" -> new Umount(v.content().list(ContainerResult::fromJson));
            case "uninstall" -> new Uninstall(ContainerResult.fromJson(v.content()));
            case "update" -> new Update(UpdateResult.fromJson(v.content()));
            default -> throw v.unknown();
        };
    }
}
