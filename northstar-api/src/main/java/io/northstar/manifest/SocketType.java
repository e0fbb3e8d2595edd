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

    public static java.util.Optional<SocketType> fromWireName(String name) {
        for (SocketType v : values()) {
            if (v.wireName.equals(name)) {
                return java.util.Optional.of(v);
            }
        }
        return java.util.Optional.empty();
    }
}
