package io.northstar.console;

import io.northstar.common.Version;
import io.northstar.common.VersionReq;

/** The console API version of this implementation and the runtime's acceptance rule for clients. */
public final class ApiVersion {
    /** Northstar at b383e562 (0.9.3-pre) speaks 0.9.3. */
    public static final Version VERSION = Version.of(0, 9, 3);

    private static final VersionReq ACCEPTED = VersionReq.parse(">=" + VERSION.major() + "." + VERSION.minor());

    private ApiVersion() {
    }

    /** The runtime accepts a client whose version satisfies {@code >=MAJOR.MINOR} of its own; no upper bound. */
    public static boolean accepts(Version client) {
        return ACCEPTED.matches(client);
    }
}
