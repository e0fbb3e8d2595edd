package io.northstar.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether the daemon runs in a private mount namespace. The JVM is multi-threaded before main()
 * runs, and unshare(CLONE_NEWNS) only moves the calling thread, so the namespace is entered by the
 * launcher (bin/northstar runs the JVM under {@code unshare --mount --propagation private}); the
 * daemon only checks it, so that container mounts never leak to the host.
 */
final class MountNamespace {

    private MountNamespace() {
    }

    /** Null if private, else why not. */
    static String problem(Path proc) throws IOException {
        Path own = Files.readSymbolicLink(proc.resolve("self/ns/mnt"));
        try {
            Path init = Files.readSymbolicLink(proc.resolve("1/ns/mnt"));
            if (own.equals(init)) {
                return "the runtime shares the mount namespace of PID 1 (" + own + ")";
            }
        } catch (IOException e) {
            // PID 1 of another namespace (we run inside a container): what matters is the propagation below.
        }
        List<String> lines = Files.readAllLines(proc.resolve("self/mountinfo"));
        for (String line : lines) {
            String[] fields = line.split(" ");
            if (fields.length > 6 && fields[4].equals("/")) {
                for (int i = 6; i < fields.length && !fields[i].equals("-"); i++) {
                    if (fields[i].startsWith("shared:")) {
                        return "/ is mounted with shared propagation (" + fields[i] + ") in the runtime's mount namespace";
                    }
                }
            }
        }
        return null;
    }
}
