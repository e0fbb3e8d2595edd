package io.northstar.runtime.state;

import io.northstar.console.ExitStatus;
import java.util.List;

/** Linux signal names as Northstar's log lines print them (nix's {@code Signal} Display). */
final class SignalName {

    private static final List<String> NAMES = List.of("SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
            "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
            "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
            "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS");

    private SignalName() {
    }

    /** {@code SIGTERM} for 15; the number for anything else. */
    static String of(int signal) {
        return signal >= 1 && signal <= NAMES.size() ? NAMES.get(signal - 1) : Integer.toString(signal);
    }

    /** {@code Exit(0)}, {@code Signalled(SIGTERM)}: the status text of Northstar's log lines. */
    static String describe(ExitStatus status) {
        return switch (status) {
            case ExitStatus.Signalled s -> "Signalled(" + of((int) s.signal()) + ")";
            case ExitStatus.Exit e -> "Exit(" + e.code() + ")";
        };
    }
}
