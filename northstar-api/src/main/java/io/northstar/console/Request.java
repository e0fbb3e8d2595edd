package io.northstar.console;

import static io.northstar.console.Json.field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.common.NonNulString;
import io.northstar.manifest.ConsolePermission;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A client request, sent as {@code {"request": ...}}. Each variant knows the
 * permission the runtime requires before executing it (docs/protocol.md, "Permissions").
 *
 * <p>Note: inside this file {@code List} is the request variant; collections are {@code java.util.List}.
 */
public sealed interface Request extends Message {

    /** The permission a connection needs for this request. */
    ConsolePermission requiredPermission();

    record Ident() implements Request {
        @Override
        public ConsolePermission requiredPermission() {
            return ConsolePermission.IDENT;
        }
    }

    record Inspect(Container container) implements Request {
        public Inspect {
            Objects.requireNonNull(container, "container");
        }

        @Override
        public ConsolePermission requiredPermission() {
            return ConsolePermission.INSPECT;
        }
    }

    /**
     * Install an NPK of {@code size} bytes (u64, read unsigned) into a repository; the raw
     * bytes follow the request line on the same stream. The repository id is not a Name.
     */
    record Install(String repository, long size) implements Request {
        public Install {
            Objects.requireNonNull(repository, "repository");
        }

        @Override
        public ConsolePermission requiredPermission() {
            return ConsolePermission.INSTALL;
        }
    }

    record Kill(Container container, int signal) implements Request {
        public Kill {
            Objects.requireNonNull(container, "container");
        }

        @Override
        public ConsolePermission requiredPermission() {
            return ConsolePermission.KILL;
        }
    }

    record List() implements Request {
        @Override
        public ConsolePermission requiredPermission() {
            return ConsolePermission.LIST;
        }
    }

    /**
     * Extension (docs/protocol.md, "Container logs"): the last {@code tail} kept output lines of
     * {@code container} (all kept lines when empty), and with {@code follow} the lines that come after
     * them until the container exits. {@code tail} is a u32 on the wire.
     */
    record Logs(Container container, OptionalLong tail, boolean follow) implements Request {
        public Logs {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(tail, "tail");
            if (tail.isPresent() && (tail.getAsLong() < 0 || tail.getAsLong() > 0xffff_ffffL)) {
                throw new IllegalArgumentException("tail " + tail.getAsLong() + " is not a u32");
            }
        }

        @Override
        public ConsolePermission requiredPermission() {
            return ConsolePermission.LOGS;
        }
    }

    /** Mount containers; the response has one result per entry, in this order (duplicates included). */
    record Mount(java.util.List<Container> containers) implements Request {
        public Mount {
            containers = java.util.List.copyOf(containers);
        }

        @Override
        public ConsolePermission requiredPermission() {
            return ConsolePermission.MOUNT;
        }
    }

    record Repositories() implements Request {
        @Override
        public ConsolePermission requiredPermission() {
            return ConsolePermission.REPOSITORIES;
        }
    }

    record Shutdown() implements Request {
        @Override
        public ConsolePermission requiredPermission() {
            return ConsolePermission.SHUTDOWN;
        }
    }

    /**
     * Start a container. Non-empty {@code arguments}/{@code environment} replace the
     * manifest's args/env. The environment keeps insertion order for encoding.
     */
    record Start(Container container, Optional<NonNulString> init, java.util.List<NonNulString> arguments,
                 Map<NonNulString, NonNulString> environment) implements Request {
        public Start {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(init, "init");
            arguments = java.util.List.copyOf(arguments);
            environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        }

        /** A plain start with the manifest's init, args and env. */
        public Start(Container container) {
            this(container, Optional.empty(), java.util.List.of(), Map.of());
        }

        /** {@code start} for a plain start; {@code start_command} once anything is overridden. */
        @Override
        public ConsolePermission requiredPermission() {
            return init.isEmpty() && arguments.isEmpty() && environment.isEmpty()
                    ? ConsolePermission.START : ConsolePermission.START_COMMAND;
        }
    }

    record TokenCreate(Name target, byte[] shared) implements Request {
        public TokenCreate {
            Objects.requireNonNull(target, "target");
            shared = shared.clone();
        }

        @Override
        public byte[] shared() {
            return shared.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TokenCreate t && target.equals(t.target) && Arrays.equals(shared, t.shared);
        }

        @Override
        public int hashCode() {
            return 31 * target.hashCode() + Arrays.hashCode(shared);
        }

        @Override
        public String toString() {
            return "TokenCreate[target=" + target + ", shared=" + Base64.getEncoder().encodeToString(shared) + "]";
        }

        @Override
        public ConsolePermission requiredPermission() {
            return ConsolePermission.TOKEN_CREATE;
        }
    }

    record TokenVerify(Token token, Name user, byte[] shared) implements Request {
        public TokenVerify {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(user, "user");
            shared = shared.clone();
        }

        @Override
        public byte[] shared() {
            return shared.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TokenVerify t && token.equals(t.token) && user.equals(t.user)
                    && Arrays.equals(shared, t.shared);
        }

        @Override
        public int hashCode() {
            return Objects.hash(token, user, Arrays.hashCode(shared));
        }

        @Override
        public String toString() {
            return "TokenVerify[token=" + token + ", user=" + user + ", shared="
                    + Base64.getEncoder().encodeToString(shared) + "]";
        }

        @Override
        public ConsolePermission requiredPermission() {
            return ConsolePermission.TOKEN_VERIFICATION;
        }
    }

    record Umount(java.util.List<Container> containers) implements Request {
        public Umount {
            containers = java.util.List.copyOf(containers);
        }

        @Override
        public ConsolePermission requiredPermission() {
            return ConsolePermission.UMOUNT;
        }
    }

    record Uninstall(Container container, boolean wipe) implements Request {
        public Uninstall {
            Objects.requireNonNull(container, "container");
        }

        @Override
        public ConsolePermission requiredPermission() {
            return ConsolePermission.UNINSTALL;
        }
    }

    /**
     * Extension: replace the installed version of a container by a newer one (docs/protocol.md, "Updating a
     * container"): the NPK of {@code size} bytes follows the request line as for {@link Install}.
     * {@code healthWindowMs}, when present, overrides the runtime's {@code update_health_window}.
     */
    record Update(String repository, long size, Optional<Long> healthWindowMs) implements Request {
        public Update {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(healthWindowMs, "healthWindowMs");
        }

        @Override
        public ConsolePermission requiredPermission() {
            return ConsolePermission.UPDATE;
        }
    }

    /** The wire form: one externally tagged variant per type, with the names {@link #fromJson} reads. */
    @Override
    default JsonNode toJson() {
        return switch (this) {
            case Ident i -> Json.unit("ident");
            case Inspect(var container) -> Json.struct("inspect", field("container", Json.text(container)));
            case Install(var repository, var size) ->
                    Json.struct("install", field("repository", Json.text(repository)), field("size", Json.u64(size)));
            case Kill(var container, var signal) ->
                    Json.struct("kill", field("container", Json.text(container)), field("signal", Json.number(signal)));
            case List l -> Json.unit("list");
            case Logs(var container, var tail, var follow) -> Json.struct("logs", field("container", Json.text(container)),
                    field("tail", tail.isPresent() ? Json.number(tail.getAsLong()) : Json.nul()),
                    field("follow", Json.bool(follow)));
            case Mount(var containers) -> Json.struct("mount", field("containers", Json.texts(containers)));
            case Repositories r -> Json.unit("repositories");
            case Shutdown s -> Json.unit("shutdown");
            case Start(var container, var init, var arguments, var environment) -> {
                ObjectNode env = Json.object();
                environment.forEach((k, v) -> env.put(k.value(), v.value()));
                yield Json.struct("start", field("container", Json.text(container)),
                        field("init", init.map(Json::text).orElse(Json.nul())), field("arguments", Json.texts(arguments)),
                        field("environment", env));
            }
            case TokenCreate t -> Json.struct("token_create", field("target", Json.text(t.target())),
                    field("shared", Json.base64(t.shared)));
            case TokenVerify t -> Json.struct("token_verify", field("token", t.token().toJson()),
                    field("user", Json.text(t.user())), field("shared", Json.base64(t.shared)));
            case Umount(var containers) -> Json.struct("umount", field("containers", Json.texts(containers)));
            case Uninstall(var container, var wipe) ->
                    Json.struct("uninstall", field("container", Json.text(container)), field("wipe", Json.bool(wipe)));
            case Update(var repository, var size, var healthWindowMs) -> Json.struct("update",
                    field("repository", Json.text(repository)), field("size", Json.u64(size)),
                    field("health_window_ms", healthWindowMs.map(Json::u64).orElse(Json.nul())));
        };
    }

    static Request fromJson(JsonCursor c) {
        JsonCursor.Variant v = c.variant("Request");
        return switch (v.name()) {
            case "ident" -> v.unit(new Ident());
            case "inspect" -> new Inspect(v.content().field("container").container());
            case "install" -> new Install(v.content().field("repository").string(), v.content().field("size").u64());
            case "kill" -> new Kill(v.content().field("container").container(), v.content().field("signal").i32());
            case "list" -> v.unit(new List());
            case "logs" -> new Logs(v.content().field("container").container(),
                    v.content().optionalField("tail").map(t -> OptionalLong.of(t.u32())).orElse(OptionalLong.empty()),
                    v.content().field("follow").bool());
            case "mount" -> new Mount(v.content().field("containers").list(JsonCursor::container));
            case "repositories" -> v.unit(new Repositories());
            case "shutdown" -> v.unit(new Shutdown());
            case "start" -> start(v.content());
            case "token_create" -> new TokenCreate(v.content().field("target").name(),
                    v.content().field("shared").base64());
            case "token_verify" -> new TokenVerify(Token.fromJson(v.content().field("token")),
                    v.content().field("user").name(), v.content().field("shared").base64());
            case "umount" -> new Umount(v.content().field("containers").list(JsonCursor::container));
            case "uninstall" -> new Uninstall(v.content().field("container").container(),
                    v.content().field("wipe").bool());
            case "update" -> new Update(v.content().field("repository").string(), v.content().field("size").u64(),
                    v.content().optionalField("health_window_ms").map(JsonCursor::u64));
            default -> throw v.unknown();
        };
    }

    private static Start start(JsonCursor b) {
        Container container = b.field("container").container();
        Optional<NonNulString> init = b.optionalField("init").map(JsonCursor::nonNul);
        java.util.List<NonNulString> arguments = b.field("arguments").list(JsonCursor::nonNul);
        Map<NonNulString, NonNulString> environment = new LinkedHashMap<>();
        JsonCursor env = b.field("environment");
        env.entries().forEach((k, v) -> {
            if (k.indexOf('\0') >= 0) {
                throw v.error("environment key contains a NUL byte");
            }
            environment.put(NonNulString.of(k), v.nonNul());
        });
        return new Start(container, init, arguments, environment);
    }
}
