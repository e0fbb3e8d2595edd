package io.northstar.runtime.state;

import io.northstar.common.Container;

/** Events broadcast to subscribed console connections (container-lifecycle §15). */
public sealed interface Notification {

    record Installed(Container container) implements Notification {
    }

    record Uninstalled(Container container) implements Notification {
    }

    /** Delivers notifications to one subscriber; false when it lags and must be dropped. */
    interface Subscriber {
        boolean offer(Notification notification);
    }
}
