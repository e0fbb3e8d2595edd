package io.northstar.runtime.state;

import io.northstar.console.Notification;

/** Receives notifications on the loop thread (docs/runtime.md, "Notifications"). */
@FunctionalInterface
public interface Subscriber {
    /** False when it lags and must be dropped. */
    boolean offer(Notification notification);
}
