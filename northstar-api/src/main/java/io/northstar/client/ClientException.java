package io.northstar.client;

import java.io.IOException;

/** A console request or connect that the runtime refused or answered in an unexpected way. */
public class ClientException extends IOException {
    public ClientException(String message) {
        super(message);
    }

    public ClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
