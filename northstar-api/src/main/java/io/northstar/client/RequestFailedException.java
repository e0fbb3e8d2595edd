package io.northstar.client;

import io.northstar.console.ConsoleError;
import io.northstar.console.Request;

/** The runtime executed a request and reports an error for it. */
public final class RequestFailedException extends ClientException {
    private final transient Request request;
    private final transient ConsoleError error;

    public RequestFailedException(Request request, ConsoleError error) {
        super(request.toJson() + " failed: " + error.toJson());
        this.request = request;
        this.error = error;
    }

    public Request request() {
        return request;
    }

    /** The decoded error, e.g. {@link ConsoleError.InvalidContainer}. */
    public ConsoleError error() {
        return error;
    }
}
