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

        @Override
        public JsonNode toJson() {
            return Json.variant("ident", Json.text(container));
        }
    }

    record Inspect(InspectResult result) implements Response {
        public Inspect {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public JsonNode toJson() {
            return Json.variant("inspect", result.toJson());
        }
    }

    record Install(InstallResult result) implements Response {
        public Install {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public JsonNode toJson() {
            return Json.variant("install", result.toJson());
        }
    }

    record Kill(ContainerResult result) implements Response {
        public Kill {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public JsonNode toJson() {
            return Json.variant("kill", result.toJson());
        }
    }

    record List(java.util.List<Container> containers) implements Response {
        public List {
            containers = java.util.List.copyOf(containers);
        }

        @Override
        public JsonNode toJson() {
            ArrayNode a = Json.array();
            containers.forEach(c -> a.add(c.toString()));
            return Json.variant("list", a);
        }
    }

    /** Extension (docs/protocol.md, "Container logs"). */
    record Logs(LogsResult result) implements Response {
        public Logs {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public JsonNode toJson() {
            return Json.variant("logs", result.toJson());
        }
    }

    /** One result per requested container, in request order. */
    record Mount(java.util.List<ContainerResult> results) implements Response {
        public Mount {
            results = java.util.List.copyOf(results);
        }

        @Override
        public JsonNode toJson() {
            return resultsVariant("mount", results);
        }
    }

    /** The request was not executed; it is echoed in full. */
    record PermissionDenied(Request request) implements Response {
        public PermissionDenied {
            Objects.requireNonNull(request, "request");
        }

        @Override
        public JsonNode toJson() {
            return Json.variant("permission_denied", request.toJson());
        }
    }

    /** Repository ids: a set, order irrelevant; kept in the received or given order. */
    record Repositories(Set<String> repositories) implements Response {
        public Repositories {
            repositories = Collections.unmodifiableSet(new LinkedHashSet<>(repositories));
        }

        @Override
        public JsonNode toJson() {
            ArrayNode a = Json.array();
            repositories.forEach(a::add);
            return Json.variant("repositories", a);
        }
    }

    record Shutdown() implements Response {
        @Override
        public JsonNode toJson() {
            return Json.unit("shutdown");
        }
    }

    record Start(ContainerResult result) implements Response {
        public Start {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public JsonNode toJson() {
            return Json.variant("start", result.toJson());
        }
    }

    /** Answer to {@code token_create}. */
    record TokenCreated(Token token) implements Response {
        public TokenCreated {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public JsonNode toJson() {
            return Json.variant("token", token.toJson());
        }
    }

    record TokenVerification(VerificationResult result) implements Response {
        public TokenVerification {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public JsonNode toJson() {
            return Json.variant("token_verification", result.toJson());
        }
    }

    record Umount(java.util.List<ContainerResult> results) implements Response {
        public Umount {
            results = java.util.List.copyOf(results);
        }

        @Override
        public JsonNode toJson() {
            return resultsVariant("umount", results);
        }
    }

    record Uninstall(ContainerResult result) implements Response {
        public Uninstall {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public JsonNode toJson() {
            return Json.variant("uninstall", result.toJson());
        }
    }

    /** Extension: answer to {@code update} (docs/protocol.md, "Updating a container"), sent when the update has ended. */
    record Update(UpdateResult result) implements Response {
        public Update {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public JsonNode toJson() {
            return Json.variant("update", result.toJson());
        }
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
