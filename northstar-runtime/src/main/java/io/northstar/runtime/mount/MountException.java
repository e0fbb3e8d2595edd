package io.northstar.runtime.mount;

import io.northstar.common.Container;

/** Mounting or unmounting a container failed; the message names the container, the step and the errno. */
public final class MountException extends Exception {
    private final Container container;

    public MountException(String verb, Container container, String detail, Throwable cause) {
        super(verb + " " + container + ": " + detail, cause);
        this.container = container;
    }

    public static MountException mounting(Container container, String detail, Throwable cause) {
        return new MountException("mounting", container, detail, cause);
    }

    public static MountException umounting(Container container, String detail, Throwable cause) {
        return new MountException("umounting", container, detail, cause);
    }

    public Container container() {
        return container;
    }
}
