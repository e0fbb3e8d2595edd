package io.northstar.runtime.systemd;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * systemd's watchdog ({@code WatchdogSec=} in the unit): the service manager sets
 * {@code WATCHDOG_USEC} (and {@code WATCHDOG_PID}, the process meant) and restarts the service when
 * no {@code WATCHDOG=1} arrives within that time. The runtime pings at half the interval, as
 * sd_watchdog_enabled(3) recommends.
 */
public record Watchdog(Duration timeout) {

    static final String WATCHDOG_USEC = "WATCHDOG_USEC";
    static final String WATCHDOG_PID = "WATCHDOG_PID";

    /** The watchdog asked of process {@code pid}, if any. */
    public static Optional<Watchdog> fromEnvironment(Map<String, String> environment, long pid) {
        String usec = environment.get(WATCHDOG_USEC);
        if (usec == null) {
            return Optional.empty();
        }
        String forPid = environment.get(WATCHDOG_PID);
        try {
            if (forPid != null && Long.parseLong(forPid.trim()) != pid) {
                return Optional.empty();
            }
            long micros = Long.parseLong(usec.trim());
            return micros > 0 ? Optional.of(new Watchdog(Duration.ofNanos(Math.multiplyExact(micros, 1000L))))
                    : Optional.empty();
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    public Duration pingInterval() {
        return timeout.dividedBy(2);
    }
}
