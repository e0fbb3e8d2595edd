package io.northstar.nstar;

import java.util.Locale;
import java.util.Optional;

/** Linux signal names and numbers (x86_64 and aarch64 agree on these). */
final class Signals {
    private static final String[] NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    private Signals() {
    }

    static Optional<String> name(int signal) {
        return signal > 0 && signal < NAMES.length ? Optional.of(NAMES[signal]) : Optional.empty();
    }

    /** {@code 15}, {@code TERM} or {@code SIGTERM} (any case). */
    static int parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(s);
        }
        String name = s.startsWith("SIG") ? s : "SIG" + s;
        for (int i = 1; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown signal " + text + " (use a number or a name such as TERM, KILL)");
    }
}
