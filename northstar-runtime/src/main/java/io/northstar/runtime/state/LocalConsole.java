package io.northstar.runtime.state;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import io.northstar.console.Notification;
import io.northstar.console.Request;
import io.northstar.console.Response;

/**
 * The console as the runtime's own components see it (the updater drives list, inspect, start, kill and
 * uninstall through it and publishes its steps): requests are decided by the state machine on the loop thread exactly as a
 * client's would be, with every permission, and notifications are the ones subscribed clients get.
 */
public interface LocalConsole {

    /** Decides {@code request} on the loop; the stage completes with the response a client would get. */
    CompletionStage<Response> request(Request request);

    /** Calls {@code listener} on the loop thread with every notification from now on, until closed. */
    AutoCloseable subscribe(Consumer<Notification> listener);

    /**
     * Sends {@code notification} to every subscriber (clients and listeners) in the order of the machine's own;
     * the stage completes once it is queued to them, so a response sent after it follows it.
     */
    CompletionStage<Void> publish(Notification notification);
}
