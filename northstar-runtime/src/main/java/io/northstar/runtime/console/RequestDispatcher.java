package io.northstar.runtime.console;

import io.northstar.common.Container;
import io.northstar.console.ContainerData;
import io.northstar.console.ContainerResult;
import io.northstar.console.InspectResult;
import io.northstar.console.Request;
import io.northstar.console.Response;
import io.northstar.runtime.state.ContainerInfo;
import io.northstar.runtime.state.Event;
import io.northstar.runtime.state.Outcome;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a permitted request into events for the loop and the loop's answers into responses.
 * Dispatch is by request type through a table (Java 17 has no pattern switch).
 */
final class RequestDispatcher {

    /** The identity of connections on the global console (console-protocol §8.1). */
    static final String EXTERN = "extern";
    static final Container EXTERN_IDENT = Container.of("extern", "0.0.0");

    @FunctionalInterface
    private interface Handler<R extends Request> {
        Response handle(R request, Connection connection) throws Exception;
    }

    private final Map<Class<?>, Handler<?>> handlers = new HashMap<>();
    private final TokenAuthority tokens;

    RequestDispatcher(TokenAuthority tokens) {
        this.tokens = tokens;
        on(Request.Ident.class, (r, c) -> new Response.Ident(EXTERN_IDENT));
        on(Request.List.class, (r, c) -> new Response.List(
                c.await(c.<List<Container>>post(new Event.ListContainers(new CompletableFuture<>())))));
        on(Request.Repositories.class, (r, c) -> new Response.Repositories(new LinkedHashSet<>(
                c.await(c.<List<String>>post(new Event.ListRepositories(new CompletableFuture<>()))))));
        on(Request.Inspect.class, (r, c) -> new Response.Inspect(inspect(r.container(),
                c.await(c.post(new Event.Inspect(r.container(), new CompletableFuture<>()))))));
        on(Request.Mount.class, (r, c) -> new Response.Mount(results(r.containers(),
                c.await(c.post(new Event.Mount(r.containers(), new CompletableFuture<>()))))));
        on(Request.Umount.class, (r, c) -> new Response.Umount(results(r.containers(),
                c.await(c.post(new Event.Umount(r.containers(), new CompletableFuture<>()))))));
        on(Request.Uninstall.class, (r, c) -> new Response.Uninstall(result(r.container(),
                c.await(c.post(new Event.Uninstall(r.container(), r.wipe(), new CompletableFuture<>()))))));
        on(Request.Start.class, (r, c) -> {
            Map<String, String> environment = new HashMap<>();
            r.environment().forEach((k, v) -> environment.put(k.value(), v.value()));
            return new Response.Start(result(r.container(), c.await(c.post(
                    new Event.Start(r.container(), r.init().isPresent(), environment, new CompletableFuture<>())))));
        });
        on(Request.Kill.class, (r, c) -> new Response.Kill(result(r.container(),
                c.await(c.post(new Event.Kill(r.container(), r.signal(), new CompletableFuture<>()))))));
        on(Request.TokenCreate.class, (r, c) -> new Response.TokenCreated(
                tokens.create(EXTERN, r.target().value(), r.shared())));
        on(Request.TokenVerify.class, (r, c) -> new Response.TokenVerification(
                tokens.verify(r.token(), r.user().value(), EXTERN, r.shared(), c.tokenValidity())));
        on(Request.Shutdown.class, (r, c) -> new Response.Shutdown());
    }

    private <R extends Request> void on(Class<R> type, Handler<R> handler) {
        handlers.put(type, handler);
    }

    Response dispatch(Request request, Connection connection) throws Exception {
        @SuppressWarnings("unchecked")
        Handler<Request> handler = (Handler<Request>) handlers.get(request.getClass());
        if (handler == null) {
            throw new IllegalStateException("no handler for " + request.getClass().getSimpleName());
        }
        return handler.handle(request, connection);
    }

    private static InspectResult inspect(Container container, Outcome<ContainerInfo> outcome) {
        return outcome.fold(
                info -> new InspectResult.Ok(container, new ContainerData(info.npk().manifest(), info.repository(),
                        info.mounted(), Optional.empty())),
                error -> new InspectResult.Err(container, error.toApi()));
    }

    private static ContainerResult result(Container container, Outcome<Container> outcome) {
        return outcome.fold(ContainerResult.Ok::new, error -> new ContainerResult.Err(container, error.toApi()));
    }

    private static List<ContainerResult> results(List<Container> containers, List<Outcome<Container>> outcomes) {
        return java.util.stream.IntStream.range(0, containers.size())
                .mapToObj(i -> result(containers.get(i), outcomes.get(i))).toList();
    }
}
