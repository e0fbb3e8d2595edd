package io.northstar.client;

import io.northstar.console.ConnectNack;

/** The runtime answered the connect with {@code connect_nack}; the connection is closed. */
public final class ConnectRejectedException extends ClientException {
    private final transient ConnectNack nack;

    public ConnectRejectedException(ConnectNack nack) {
        super("connect rejected by the runtime: " + nack.reason());
        this.nack = nack;
    }

    public ConnectNack nack() {
        return nack;
    }
}
