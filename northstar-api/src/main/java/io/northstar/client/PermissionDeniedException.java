package io.northstar.client;

import io.northstar.console.Request;

/** The connection lacks the permission for a request; the request was not executed. */
public final class PermissionDeniedException extends ClientException {
    private final transient Request request;

    public PermissionDeniedException(Request request) {
        super("permission denied: the connection lacks the " + request.requiredPermission().wireName()
                + " permission for " + request.toJson());
        this.request = request;
    }

    /** The request as echoed by the runtime. */
    public Request request() {
        return request;
    }
}
