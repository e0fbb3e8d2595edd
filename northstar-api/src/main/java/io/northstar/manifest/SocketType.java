package io.northstar.manifest;

import io.northstar.common.WireNamed;

/** Unix socket types of {@code sockets.<name>.type}. */
public enum SocketType implements WireNamed {
    STREAM, DATAGRAM, SEQ_PACKET;

    public static java.util.Optional<SocketType> fromWireName(String name) {
        return WireNamed.fromWireName(SocketType.class, name);
    }
}
