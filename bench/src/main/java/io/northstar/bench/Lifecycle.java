package io.northstar.bench;

import io.northstar.common.Container;
import io.northstar.console.Notification;
import java.util.Optional;

/** The two notifications the benchmark times: a container started, a container exited. */
record Lifecycle(Kind kind, Container container) {
    enum Kind { STARTED, EXITED }

    static Optional<Lifecycle> of(Notification n) {
        return n.accept(new Notification.Visitor<>() {
            @Override
            public Optional<Lifecycle> started(Notification.Started value) {
                return Optional.of(new Lifecycle(Kind.STARTED, value.container()));
            }

            @Override
            public Optional<Lifecycle> exit(Notification.Exit value) {
                return Optional.of(new Lifecycle(Kind.EXITED, value.container()));
            }

            @Override
            public Optional<Lifecycle> install(Notification.Install value) {
                return Optional.empty();
            }

            @Override
            public Optional<Lifecycle> uninstall(Notification.Uninstall value) {
                return Optional.empty();
            }

            @Override
            public Optional<Lifecycle> cGroup(Notification.CGroup value) {
                return Optional.empty();
            }

            @Override
            public Optional<Lifecycle> shutdown(Notification.Shutdown value) {
                return Optional.empty();
            }

            @Override
            public Optional<Lifecycle> log(Notification.Log value) {
                return Optional.empty();
            }

            @Override
            public Optional<Lifecycle> logEnd(Notification.LogEnd value) {
                return Optional.empty();
            }
        });
    }
}
