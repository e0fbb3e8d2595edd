package io.northstar.runtime.fork;

/**
 * Receives what the forker reports on its own. Called on the forker's reader
 * thread: post an event to the runtime's loop, do not block.
 */
@FunctionalInterface
public interface ForkerListener {
    /** A started container ended; init was reaped, nothing of it is left. */
    void exited(Pid pid, ExitStatus status);

    /** The forker rejected a frame that it could not attribute to a request. */
    default void rejected(String message) {
    }

    /** The forker itself is gone (crash or shutdown); nothing follows. */
    default void forkerGone(String reason) {
    }
}
