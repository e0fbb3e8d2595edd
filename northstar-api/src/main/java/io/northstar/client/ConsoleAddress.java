package io.northstar.client;

import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a console listens: {@code tcp://host[:port]} (port 4200 when omitted, as the
 * runtime's listener defaults) or {@code unix:///absolute/path}.
 */
public record ConsoleAddress(URI uri, ProtocolFamily family, SocketAddress socketAddress) {
    public static final int DEFAULT_PORT = 4200;

    public ConsoleAddress {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(socketAddress, "socketAddress");
    }

    public static ConsoleAddress parse(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("console url " + uri + ": missing scheme (tcp:// or unix://)");
        }
        switch (scheme) {
            case "tcp": {
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("console url " + uri + ": missing host");
                }
                int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
                InetSocketAddress address = new InetSocketAddress(uri.getHost(), port);
                if (address.isUnresolved()) {
                    throw new IllegalArgumentException("console url " + uri + ": cannot resolve host " + uri.getHost());
                }
                return new ConsoleAddress(uri, address.getAddress() instanceof java.net.Inet6Address
                        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET, address);
            }
            case "unix": {
                String path = uri.getPath();
                if (path == null || path.isEmpty() || uri.getAuthority() != null) {
                    throw new IllegalArgumentException("console url " + uri + ": expected unix:///absolute/path");
                }
                return new ConsoleAddress(uri, StandardProtocolFamily.UNIX, UnixDomainSocketAddress.of(Path.of(path)));
            }
            default:
                throw new IllegalArgumentException("console url " + uri + ": unsupported scheme " + scheme
                        + " (expected tcp or unix)");
        }
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
