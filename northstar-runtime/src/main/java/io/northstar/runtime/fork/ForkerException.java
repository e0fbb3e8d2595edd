package io.northstar.runtime.fork;

import java.io.IOException;

/** The forker process or its control connection failed. */
public class ForkerException extends IOException {
    private static final long serialVersionUID = 1L;

    public ForkerException(String message) {
        super(message);
    }

    public ForkerException(String message, Throwable cause) {
        super(message, cause);
    }
}
