package io.northstar.runtime.logging;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.event.Level;

/**
 * The lowest level each logger writes, from {@code NORTHSTAR_LOG}: a comma separated list of
 * {@code LEVEL} (every logger) and {@code LOGGER=LEVEL} (that logger and the loggers below it,
 * {@code io.northstar.runtime} covers {@code io.northstar.runtime.container}); the most specific
 * entry wins. Levels: trace, debug, info, warn, error, off. Unset or empty: {@link #DEFAULT}.
 */
public final class LogLevels {

    /** The runtime's own loggers at debug, libraries at info. */
    public static final String DEFAULT = "info,io.northstar=debug";

    /** Above every level: {@code off}. */
    static final int OFF = Integer.MAX_VALUE;

    private static final String ROOT = "";

    private final Map<String, Integer> thresholds;

    private LogLevels(Map<String, Integer> thresholds) {
        this.thresholds = thresholds;
    }

    /**
     * The levels {@code spec} sets; an entry that is not {@code [LOGGER=]LEVEL} is reported to
     * {@code problems} and left out (the logging must come up whatever the environment says).
     */
    public static LogLevels parse(String spec, Consumer<String> problems) {
        Map<String, Integer> thresholds = new HashMap<>();
        thresholds.put(ROOT, Level.INFO.toInt());
        String text = spec == null || spec.isBlank() ? DEFAULT : spec;
        for (String entry : text.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            String logger = equals < 0 ? ROOT : trimmed.substring(0, equals).strip();
            Integer threshold = levelThreshold(trimmed.substring(equals + 1).strip());
            if (threshold == null || (equals >= 0 && logger.isEmpty())) {
                problems.accept("NORTHSTAR_LOG: '" + trimmed + "' is not [LOGGER=]LEVEL with LEVEL one of "
                        + "trace, debug, info, warn, error, off: ignored");
                continue;
            }
            thresholds.put(logger, threshold);
        }
        return new LogLevels(Map.copyOf(thresholds));
    }

    private static Integer levelThreshold(String level) {
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.TRACE.toInt();
            case "debug" -> Level.DEBUG.toInt();
            case "info" -> Level.INFO.toInt();
            case "warn" -> Level.WARN.toInt();
            case "error" -> Level.ERROR.toInt();
            case "off" -> OFF;
            default -> null;
        };
    }

    /** The lowest level {@code logger} writes (as {@link Level#toInt()}); {@link #OFF} writes none. */
    int threshold(String logger) {
        for (String name = logger; ; name = name.substring(0, name.lastIndexOf('.'))) {
            Integer threshold = thresholds.get(name);
            if (threshold != null) {
                return threshold;
            }
            if (name.lastIndexOf('.') < 0) {
                return thresholds.get(ROOT);
            }
        }
    }
}
