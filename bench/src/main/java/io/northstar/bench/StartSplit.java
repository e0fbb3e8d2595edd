package io.northstar.bench;

import io.northstar.common.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the time of one start goes, from the client's clock around the request and the runtime's
 * log lines in between (same host clock; the log has millisecond stamps, so each phase is known to
 * a millisecond and only medians over many runs mean something):
 * <ol>
 * <li>console: request sent to "Trying to start" (connection thread, event queue, state machine),
 * <li>launch: to "Started ... (pid)" (launch plan, forker, clone of the init, exec reported),
 * <li>run: to "Process ... exited" (the container runs; the forker reaps and reports),
 * <li>exit: to "Container ... exited" (the state machine handles the exit),
 * <li>notify: to the exit notification received by the client (negative when the runtime logs the
 * exit after sending the notification).
 * </ol>
 */
final class StartSplit {
    static final List<String> PHASES = List.of("console -> state machine", "state machine -> forker -> started",
            "started -> exit reported by the forker", "exit report -> state machine", "state machine -> notification received");

    private record Stamped(LocalTime time, String text) {
    }

    /** One run: when the request was sent and the notification received, on the wall clock. */
    record Run(LocalTime sent, LocalTime received) {
    }

    private StartSplit() {
    }

    /** Phase durations in ms of each run whose four log lines were found, in {@link #PHASES} order. */
    static List<double[]> phases(Path log, Container container, List<Run> runs) throws IOException {
        List<Stamped> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.length() > 12 && line.contains(container.toString())) {
                try {
                    lines.add(new Stamped(LocalTime.parse(line.substring(0, 12)), line));
                } catch (DateTimeParseException e) {
                    // A continuation line.
                }
            }
        }
        String[] marks = {"Trying to start " + container, "Started " + container, "Process " + container,
            "Container " + container + " exited"};
        List<double[]> result = new ArrayList<>();
        int from = 0;
        for (int r = 0; r < runs.size(); r++) {
            Run run = runs.get(r);
            LocalTime start = truncate(run.sent());
            // The runtime may log the exit after sending the notification: the window of a run ends
            // where the next one begins.
            LocalTime end = r + 1 < runs.size() ? truncate(runs.get(r + 1).sent()) : run.received().plusSeconds(1);
            LocalTime[] at = new LocalTime[marks.length];
            int m = 0;
            for (int i = from; i < lines.size() && m < marks.length; i++) {
                Stamped s = lines.get(i);
                if (s.time().isBefore(start)) {
                    continue;
                }
                if (s.time().isAfter(end)) {
                    break;
                }
                if (s.text().contains(marks[m])) {
                    at[m++] = s.time();
                    from = i + 1;
                }
            }
            if (m == marks.length) {
                result.add(new double[] {
                    ms(run.sent(), at[0]), ms(at[0], at[1]), ms(at[1], at[2]), ms(at[2], at[3]), ms(at[3], run.received())});
            }
        }
        return result;
    }

    private static LocalTime truncate(LocalTime t) {
        return t.withNano(t.getNano() / 1_000_000 * 1_000_000);
    }

    private static double ms(LocalTime a, LocalTime b) {
        return (b.toNanoOfDay() - a.toNanoOfDay()) / 1e6;
    }
}
