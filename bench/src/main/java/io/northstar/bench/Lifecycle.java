package io.northstar.bench;

import io.northstar.common.Container;
import io.northstar.console.Notification;
import java.util.Optional;

/** The two notifications the benchmark times: a container started, a container exited. */
record Lifecycle(Kind kind, Container container) {
    enum Kind { STARTED, EXITED }

    static Optional<Lifecycle> of(Notification n) {
        return switch (n) {
            case Notification.Started s -> Optional.of(new Lifecycle(Kind.STARTED, s.container()));
            case Notification.Exit e -> Optional.of(new Lifecycle(Kind.EXITED, e.container()));
            case Notification.Install i -> Optional.empty();
            case Notification.Uninstall u -> Optional.empty();
            case Notification.CGroup c -> Optional.empty();
            case Notification.Shutdown s -> Optional.empty();
            case Notification.Log l -> Optional.empty();
            case Notification.LogEnd l -> Optional.empty();
            case Notification.Update u -> Optional.empty();
        };
    }
}
