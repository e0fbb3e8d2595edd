package io.northstar.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What /proc says about a process: its resident set and its children. */
final class Proc {
    private Proc() {
    }

    /** VmRSS in MiB, or NaN when the process is gone. */
    static double rssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
            return Double.NaN;
        } catch (NoSuchFileException e) {
            return Double.NaN;
        } catch (IOException e) {
            throw new IllegalStateException("reading /proc/" + pid + "/status: " + e.getMessage(), e);
        }
    }

    /** Direct children of {@code pid}, over all its threads (a JVM forks from any thread). */
    static List<Long> children(long pid) {
        List<Long> result = new ArrayList<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> s = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) s::iterator) {
                try {
                    String text = Files.readString(task.resolve("children")).trim();
                    if (!text.isEmpty()) {
                        for (String c : text.split("\\s+")) {
                            result.add(Long.parseLong(c));
                        }
                    }
                } catch (NoSuchFileException e) {
                    // The thread ended while we listed.
                }
            }
        } catch (NoSuchFileException e) {
            return result;
        } catch (IOException e) {
            throw new IllegalStateException("listing " + tasks + ": " + e.getMessage(), e);
        }
        return result;
    }

    static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
