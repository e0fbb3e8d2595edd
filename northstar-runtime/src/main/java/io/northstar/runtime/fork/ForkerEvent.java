package io.northstar.runtime.fork;

import io.northstar.common.Container;
import io.northstar.console.ExitStatus;

/**
 * Everything the forker reports, as one stream (docs/runtime.md, "The forker's event stream"). Delivered in the
 * order the forker sent it, on the forker's reader thread: a consumer posts it on and returns.
 */
public sealed interface ForkerEvent {

    /** {@code container}'s application was exec'd; {@code pid} is its init's host pid. */
    record Started(int request, Container container, Pid pid) implements ForkerEvent {
    }

    /**
     * The start of {@code container} failed; nothing of it is left. {@code cause} is a
     * {@link StartFailedException} when the forker named the step, a {@link ForkerException} when the request
     * never reached it.
     */
    record Failed(int request, Container container, Exception cause) implements ForkerEvent {
        /** {@code step: ERRNO (detail)} for a failed step, else the exception's message. */
        public String reason() {
            return cause instanceof StartFailedException failed
                    ? failed.cause() + (failed.detail().isEmpty() ? "" : " (" + failed.detail() + ")")
                    : cause.getMessage();
        }
    }

    /** A container's init was reaped: nothing of it is left. */
    record Exited(Pid pid, ExitStatus status) implements ForkerEvent {
    }

    /** The answer to a kill request: {@code errno} 0 when the process group was signalled. */
    record KillResult(int request, Pid pid, int signal, int errno) implements ForkerEvent {
    }

    /** The forker rejected a frame it could not attribute to a request (it logs why; so does the runtime). */
    record Rejected(String message) implements ForkerEvent {
    }

    /** The forker itself is gone (crash or close); nothing follows, its containers died with it. */
    record Gone(String reason) implements ForkerEvent {
    }
}
