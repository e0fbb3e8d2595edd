package io.northstar.runtime.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.northstar.common.Container;
import io.northstar.common.NonNulString;
import io.northstar.console.ContainerProcess;
import io.northstar.console.ContainerData;
import io.northstar.console.ContainerResult;
import io.northstar.console.InspectResult;
import io.northstar.console.LogsResult;
import io.northstar.console.Request;
import io.northstar.console.Response;
import io.northstar.runtime.logs.LogFollower;
import io.northstar.runtime.logs.LogRead;
import io.northstar.runtime.sandbox.StartArguments;
import io.northstar.runtime.state.ContainerInfo;
import io.northstar.runtime.token.TokenAuthority;
import io.northstar.runtime.state.Event;
import io.northstar.runtime.state.Outcome;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Turns a permitted request into events for the loop and the loop's answers into responses
 * (exhaustively, through the request visitor). Install is not here: it reads the stream and is
 * handled by the connection itself.
 */
final class RequestDispatcher {

    /** The identity of connections on the global console (docs/protocol.md, "Tokens"). */
    static final String EXTERN = TokenAuthority.EXTERN;
    static final Container EXTERN_IDENT = Container.of("extern", "0.0.0");

    /** Carries a checked failure (closed connection, interrupt) out of a visitor method. */
    private static final class Abort extends RuntimeException {
        Abort(Exception cause) {
            super(cause);
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T get() throws Exception;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TokenAuthority tokens;

    RequestDispatcher(TokenAuthority tokens) {
        this.tokens = tokens;
    }

    Response dispatch(Request request, Connection connection) throws Exception {
        try {
            Handler h = new Handler(connection);
            return switch (request) {
                case Request.Ident value -> h.ident(value);
                case Request.Inspect value -> h.inspect(value);
                case Request.Install value -> h.install(value);
                case Request.Kill value -> h.kill(value);
                case Request.List value -> h.list(value);
                case Request.Logs value -> h.logs(value);
                case Request.Mount value -> h.mount(value);
                case Request.Repositories value -> h.repositories(value);
                case Request.Shutdown value -> h.shutdown(value);
                case Request.Start value -> h.start(value);
                case Request.TokenCreate value -> h.tokenCreate(value);
                case Request.TokenVerify value -> h.tokenVerify(value);
                case Request.Umount value -> h.umount(value);
                case Request.Uninstall value -> h.uninstall(value);
            };
        } catch (Abort abort) {
            throw (Exception) abort.getCause();
        }
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new Abort(e);
        }
    }

    private final class Handler {
        private final Connection c;

        Handler(Connection connection) {
            this.c = connection;
        }

        private <T> T ask(Event event) {
            return call(() -> c.<T>await(c.<T>post(event)));
        }

        Response ident(Request.Ident value) {
            return new Response.Ident(c.container().orElse(EXTERN_IDENT));
        }

        Response inspect(Request.Inspect value) {
            Outcome<ContainerInfo> outcome = ask(new Event.Inspect(value.container(), new CompletableFuture<>()));
            return new Response.Inspect(outcome.fold(
                    info -> new InspectResult.Ok(value.container(), new ContainerData(info.npk().manifest(),
                            info.repository(), info.mounted(), info.process().map(RequestDispatcher::process))),
                    error -> new InspectResult.Err(value.container(), error.toApi())));
        }

        Response install(Request.Install value) {
            throw new IllegalStateException("install is handled by the connection (it reads the NPK stream)");
        }

        Response kill(Request.Kill value) {
            return new Response.Kill(result(value.container(),
                    ask(new Event.Kill(value.container(), value.signal(), new CompletableFuture<>()))));
        }

        Response list(Request.List value) {
            return new Response.List(ask(new Event.ListContainers(new CompletableFuture<>())));
        }

        Response logs(Request.Logs value) {
            c.stopFollow();
            Optional<LogFollow> follow = value.follow() ? Optional.of(c.logFollow(value.container())) : Optional.empty();
            Outcome<LogRead> outcome = ask(new Event.Logs(value.container(), value.tail(),
                    follow.map(LogFollower.class::cast), new CompletableFuture<>()));
            return new Response.Logs(outcome.fold(read -> {
                read.unfollow().ifPresent(unfollow -> c.following(follow.orElseThrow(), unfollow));
                return new LogsResult.Ok(value.container(), read.lines(), read.following());
            }, error -> new LogsResult.Err(value.container(), error.toApi())));
        }

        Response mount(Request.Mount value) {
            return new Response.Mount(results(value.containers(),
                    ask(new Event.Mount(value.containers(), new CompletableFuture<>()))));
        }

        Response repositories(Request.Repositories value) {
            List<String> ids = ask(new Event.ListRepositories(new CompletableFuture<>()));
            return new Response.Repositories(new LinkedHashSet<>(ids));
        }

        Response shutdown(Request.Shutdown value) {
            return new Response.Shutdown();
        }

        Response start(Request.Start value) {
            // Order kept: the container sees its environment in request order.
            Map<String, String> environment = new LinkedHashMap<>();
            value.environment().forEach((k, v) -> environment.put(k.value(), v.value()));
            StartArguments arguments = new StartArguments(value.init().map(NonNulString::value),
                    value.arguments().stream().map(NonNulString::value).toList(), environment);
            return new Response.Start(result(value.container(), ask(new Event.Start(value.container(), arguments,
                    new CompletableFuture<>()))));
        }

        Response tokenCreate(Request.TokenCreate value) {
            return new Response.TokenCreated(tokens.create(identity(c), value.target().value(), value.shared()));
        }

        Response tokenVerify(Request.TokenVerify value) {
            return new Response.TokenVerification(tokens.verify(value.token(), value.user().value(), identity(c),
                    value.shared(), c.tokenValidity()));
        }

        Response umount(Request.Umount value) {
            return new Response.Umount(results(value.containers(),
                    ask(new Event.Umount(value.containers(), new CompletableFuture<>()))));
        }

        Response uninstall(Request.Uninstall value) {
            return new Response.Uninstall(result(value.container(),
                    ask(new Event.Uninstall(value.container(), value.wipe(), new CompletableFuture<>()))));
        }
    }

    /** Token user/target of a connection (docs/protocol.md, "Tokens"): its container's name, or extern. */
    private static String identity(Connection connection) {
        return connection.container().map(container -> container.name().value()).orElse(EXTERN);
    }

    private static ContainerProcess process(ContainerInfo.Process process) {
        Map<String, JsonNode> statistics = new LinkedHashMap<>();
        process.statistics().forEach((k, v) -> statistics.put(k, JSON.valueToTree(v)));
        return new ContainerProcess(process.pid(), process.uptimeNanos(), statistics);
    }

    private static ContainerResult result(Container container, Outcome<Container> outcome) {
        return outcome.fold(ContainerResult.Ok::new, error -> new ContainerResult.Err(container, error.toApi()));
    }

    private static List<ContainerResult> results(List<Container> containers, List<Outcome<Container>> outcomes) {
        return IntStream.range(0, containers.size()).mapToObj(i -> result(containers.get(i), outcomes.get(i))).toList();
    }
}
