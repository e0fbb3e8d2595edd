package io.northstar.nstar;

import io.northstar.client.Client;
import io.northstar.common.Container;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One console connection, opened on first use. One-shot commands use it for a
 * single request; the shell keeps it for the whole session.
 */
final class Session {
    private final URI url;
    private final Duration timeout;
    private final boolean json;
    private final PrintWriter out;
    private Client client;

    Session(URI url, Duration timeout, boolean json, PrintWriter out) {
        this.url = url;
        this.timeout = timeout;
        this.json = json;
        this.out = out;
    }

    boolean json() {
        return json;
    }

    URI url() {
        return url;
    }

    Duration timeout() {
        return timeout;
    }

    Client client() throws IOException {
        if (client == null || client.isClosed()) {
            client = connect(false);
        }
        return client;
    }

    /** A separate connection, e.g. one subscribed to notifications. */
    Client connect(boolean subscribeNotifications) throws IOException {
        return Client.connect(url, subscribeNotifications, timeout, json ? rawLines() : Client.WireTap.NONE);
    }

    /** In --json mode every line on the wire is printed as it is. */
    private Client.WireTap rawLines() {
        return new Client.WireTap() {
            @Override
            public void sent(String line) {
                out.println(line);
                out.flush();
            }

            @Override
            public void received(String line) {
                out.println(line);
                out.flush();
            }
        };
    }

    /** Resolves {@code name} or {@code name:version} against what is installed. */
    Container resolve(String ref) throws IOException, ErrorResponse {
        return ContainerRef.resolve(ref, this::installed);
    }

    List<Container> installed() throws IOException {
        return client().list();
    }

    void close() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException ignored) {
                // Closing a socket we are done with: nothing left to report.
            }
            client = null;
        }
    }
}
