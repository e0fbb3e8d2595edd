package io.northstar.manifest;

/** Unix socket types of {@code sockets.<name>.type}. */
public enum SocketType {
    STREAM("stream"), DATAGRAM("datagram"), SEQ_PACKET("seq_packet");

    private final String wireName;

    SocketType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
