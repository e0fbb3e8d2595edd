package io.northstar.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The phases of a daemon start read from its log's millisecond time stamps: JVM up (first line),
 * repositories loaded (the last "Repository ..." line), ready ("Runtime up and running").
 */
record StartupLog(LocalTime first, LocalTime repositoriesLoaded, LocalTime ready) {

    static StartupLog read(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        LocalTime first = null;
        LocalTime repos = null;
        LocalTime ready = null;
        for (String line : lines) {
            LocalTime t = stamp(line);
            if (t == null) {
                continue;
            }
            if (first == null) {
                first = t;
            }
            if (line.contains(" Daemon: Repository ")) {
                repos = t;
            }
            if (line.contains("Runtime up and running")) {
                ready = t;
            }
        }
        if (first == null || repos == null || ready == null) {
            throw new IOException(log + " lacks the start-up lines (time-stamped first line, \"Repository\", "
                    + "\"Runtime up and running\")");
        }
        return new StartupLog(first, repos, ready);
    }

    private static LocalTime stamp(String line) {
        if (line.length() < 12) {
            return null;
        }
        try {
            return LocalTime.parse(line.substring(0, 12));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Repositories loaded to ready: the mount_on_start phase (plus binding the console). */
    double mountPhaseMs() {
        return millis(repositoriesLoaded, ready);
    }

    /** First log line to the last repository loaded (every NPK's signature checked). */
    double loadPhaseMs() {
        return millis(first, repositoriesLoaded);
    }

    private static double millis(LocalTime a, LocalTime b) {
        return (b.toNanoOfDay() - a.toNanoOfDay()) / 1e6;
    }
}
