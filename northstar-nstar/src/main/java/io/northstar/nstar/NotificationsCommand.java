package io.northstar.nstar;

import io.northstar.client.Client;
import io.northstar.console.Notification;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "notifications", description = "Follow the runtime's notifications (started, exit, install, cgroup events...).")
final class NotificationsCommand extends ClientCommand {
    @Option(names = {"-n", "--number"}, paramLabel = "N", description = "stop after N notifications")
    Integer number;

    @Override
    void run() throws Exception {
        // Its own connection: only a connection that subscribes at connect time receives notifications.
        try (Client client = session().connect(true)) {
            say("following notifications from " + session().url() + " (Ctrl-C to stop)");
            for (int seen = 0; number == null || seen < number; ) {
                Optional<Notification> n = client.awaitNotification(Duration.ofSeconds(1));
                if (n.isPresent()) {
                    say(Explain.notification(n.get()));
                    seen++;
                }
            }
        }
    }
}
