package io.northstar.runtime.update;

import io.northstar.common.Container;
import io.northstar.console.ExitStatus;
import io.northstar.console.Notification;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exits of the containers an update waits for, fed from the runtime's notifications. A container is
 * watched before the request that may end it is sent, so its exit cannot slip by unseen.
 */
final class ExitWatch {

    private final Map<Container, CompletableFuture<ExitStatus>> watched = new ConcurrentHashMap<>();

    /** The next exit of {@code container} from now on. */
    CompletableFuture<ExitStatus> watch(Container container) {
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        watched.put(container, exit);
        return exit;
    }

    void accept(Notification notification) {
        if (notification instanceof Notification.Exit(Container container, ExitStatus status)) {
            CompletableFuture<ExitStatus> exit = watched.remove(container);
            if (exit != null) {
                exit.complete(status);
            }
        }
    }
}
