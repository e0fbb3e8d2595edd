package io.northstar.runtime.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real uid and gid of this process, read from {@code /proc/self/status} (its {@code Uid:} and
 * {@code Gid:} lines: real, effective, saved, filesystem). Not through jnr-posix: initialising it
 * binds its whole libc interface and cost 0.2-0.9 s of every daemon start before the console was
 * bound (docs/performance.md), for two numbers the kernel also gives as text.
 */
public final class ProcessIds {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessIds() {
    }

    /** getuid(2). */
    public static int uid() {
        return real("Uid:");
    }

    /** getgid(2). */
    public static int gid() {
        return real("Gid:");
    }

    private static int real(String key) {
        String status;
        try {
            status = Files.readString(STATUS);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + STATUS + " for the process's " + key + " line", e);
        }
        return parse(status, key);
    }

    /** The first (real) id of the {@code key} line of a /proc/PID/status text. */
    static int parse(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String[] ids = line.substring(key.length()).trim().split("\\s+");
                try {
                    return Integer.parseUnsignedInt(ids[0]);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException(STATUS + ": unreadable line \"" + line + "\"", e);
                }
            }
        }
        throw new IllegalStateException(STATUS + " has no " + key + " line");
    }
}
