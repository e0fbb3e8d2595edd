package io.northstar.client;

/**
 * The peer sent something the protocol does not allow at this point (an undecodable
 * line, a response nobody asked for, a response of the wrong kind). The client is
 * closed afterwards since the stream can no longer be trusted to be in sync.
 */
public final class ProtocolViolationException extends ClientException {
    public ProtocolViolationException(String message) {
        super(message);
    }

    public ProtocolViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
