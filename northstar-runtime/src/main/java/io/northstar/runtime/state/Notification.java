package io.northstar.runtime.state;

import io.northstar.common.Container;

/** Events broadcast to subscribed console connections (container-lifecycle §15). */
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

    /** Delivers notifications to one subscriber; false when it lags and must be dropped. */
    interface Subscriber {
        boolean offer(Notification notification);
    }
}
