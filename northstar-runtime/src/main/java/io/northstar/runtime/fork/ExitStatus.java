package io.northstar.runtime.fork;

/** How a container ended (API: {"exit":{"code":c}} / {"signalled":{"signal":s}}). */
public sealed interface ExitStatus {
    /** The application exited with {@code code}; -2 when init vanished without a report. */
    record Exit(int code) implements ExitStatus {
        @Override
        public String toString() {
            return "Exit(" + code + ")";
        }
    }

    record Signalled(int signal) implements ExitStatus {
        @Override
        public String toString() {
            return "Signalled(" + signal + ")";
        }
    }
}
