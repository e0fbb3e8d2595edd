package io.northstar.runtime.state;

import io.northstar.console.Notification;
import io.northstar.console.Request;
import io.northstar.console.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The {@link LocalConsole} on the event loop: a request is posted as a client's would be, with the global
 * console's identity ({@code extern}) and every permission; a listener is a subscriber that never lags.
 */
public final class LoopConsole implements LocalConsole {

    private final EventLoop loop;
    private final Caller caller;
    private final Runnable onShutdown;

    /**
     * @param tokenValidity how long tokens it verifies are valid
     * @param onShutdown    called once a shutdown request was answered, as a connection does
     */
    public LoopConsole(EventLoop loop, Duration tokenValidity, Runnable onShutdown) {
        this.loop = loop;
        this.caller = new Caller(Optional.empty(), tokenValidity);
        this.onShutdown = onShutdown;
    }

    @Override
    public CompletionStage<Response> request(Request request) {
        CompletableFuture<Response> reply = new CompletableFuture<>();
        loop.post(new Event.Console(request, caller, reply));
        return request instanceof Request.Shutdown ? reply.thenApply(response -> {
            onShutdown.run();
            return response;
        }) : reply;
    }

    @Override
    public AutoCloseable subscribe(Consumer<Notification> listener) {
        Subscriber subscriber = notification -> {
            listener.accept(notification);
            return true;
        };
        loop.post(new Event.Subscribe(subscriber, new CompletableFuture<>()));
        return () -> loop.post(new Event.Unsubscribe(subscriber));
    }

    @Override
    public CompletionStage<Void> publish(Notification notification) {
        CompletableFuture<Void> published = new CompletableFuture<>();
        loop.post(new Event.Publish(notification, published));
        return published;
    }
}
