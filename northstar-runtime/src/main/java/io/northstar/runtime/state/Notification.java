package io.northstar.runtime.state;

import io.northstar.common.Container;
import io.northstar.console.CgroupNotification;
import io.northstar.runtime.cgroups.MemoryEvent;
import io.northstar.runtime.fork.ExitStatus;

/** Events broadcast to subscribed console connections (docs/runtime.md, "Notifications"). */
public sealed interface Notification {

    /** The console message sent to subscribers. */
    io.northstar.console.Notification toApi();

    record Installed(Container container) implements Notification {
        public io.northstar.console.Notification toApi() {
            return new io.northstar.console.Notification.Install(container);
        }
    }

    record Uninstalled(Container container) implements Notification {
        public io.northstar.console.Notification toApi() {
            return new io.northstar.console.Notification.Uninstall(container);
        }
    }

    record Started(Container container) implements Notification {
        public io.northstar.console.Notification toApi() {
            return new io.northstar.console.Notification.Started(container);
        }
    }

    record Exited(Container container, ExitStatus status) implements Notification {
        public io.northstar.console.Notification toApi() {
            return new io.northstar.console.Notification.Exit(container, toApi(status));
        }

        static io.northstar.console.ExitStatus toApi(ExitStatus status) {
            // Java 17 has no pattern matching for switch; the type has exactly these two cases.
            return status instanceof ExitStatus.Signalled s
                    ? new io.northstar.console.ExitStatus.Signalled(s.signal())
                    : new io.northstar.console.ExitStatus.Exit(((ExitStatus.Exit) status).code());
        }
    }

    /** {@code c_group}: a memory event of a container with {@code oom_monitor}. */
    record Memory(Container container, MemoryEvent event) implements Notification {
        public io.northstar.console.Notification toApi() {
            return new io.northstar.console.Notification.CGroup(container,
                    new CgroupNotification.Memory(event.toNotification()));
        }
    }

    /** Delivers notifications to one subscriber; false when it lags and must be dropped. */
    interface Subscriber {
        boolean offer(Notification notification);
    }
}
