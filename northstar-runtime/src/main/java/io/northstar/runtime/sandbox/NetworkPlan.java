package io.northstar.runtime.sandbox;

import java.nio.file.Path;

/** Which network namespace init enters. */
public sealed interface NetworkPlan {
    /** A fresh namespace with only a (down) loopback device. */
    record Fresh() implements NetworkPlan {
    }

    /** Stay in the runtime's namespace. */
    record Host() implements NetworkPlan {
    }

    /** setns(2) into the namespace file, e.g. /run/netns/NAME. */
    record Join(Path namespaceFile) implements NetworkPlan {
        public Join {
            if (!namespaceFile.isAbsolute()) {
                throw new IllegalArgumentException("namespace file " + namespaceFile + " is not absolute");
            }
        }
    }
}
