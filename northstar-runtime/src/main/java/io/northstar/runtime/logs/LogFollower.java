package io.northstar.runtime.logs;

import io.northstar.console.LogLine;

/**
 * Who follows a container's output (a console connection). Called with the container's buffer locked,
 * on the thread that read the output: it must queue and return, never wait for a client.
 */
public interface LogFollower {

    /** A new line of the followed run. */
    void line(LogLine line);

    /** The run ended (its output is closed) or the container was uninstalled: nothing follows. */
    void end();

    /** The buffer registered this follower; {@code unfollow} unregisters it early. */
    default void registered(Runnable unfollow) {
    }
}
