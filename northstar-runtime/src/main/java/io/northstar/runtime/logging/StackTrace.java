package io.northstar.runtime.logging;

import io.northstar.common.EscapedText;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A logged exception as the lines that follow its event, in the layout logback used before
 * (one frame a line, {@code ... N common frames omitted} where a cause shares the frames of the
 * exception that wraps it, {@code Caused by:}, tab-indented {@code Suppressed:}, a class and
 * message of {@code null} written as such). Class names and messages often quote outside input:
 * they are escaped ({@link EscapedText}) so that no exception can forge a log line.
 */
final class StackTrace {

    private StackTrace() {
    }

    static void append(StringBuilder b, Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        append(b, thrown, null, "", 1, seen);
    }

    private static void append(StringBuilder b, Throwable thrown, StackTraceElement[] enclosing, String prefix,
            int indent, Set<Throwable> seen) {
        tabs(b, indent - 1);
        b.append(prefix);
        String firstLine = EscapedText.escape(thrown.getClass().getName()) + ": " + EscapedText.escape(thrown.getMessage());
        if (!seen.add(thrown)) {
            b.append("[CIRCULAR REFERENCE: ").append(firstLine).append("]\n");
            return;
        }
        b.append(firstLine).append('\n');
        StackTraceElement[] frames = thrown.getStackTrace();
        int common = enclosing == null ? 0 : commonFrames(frames, enclosing);
        for (int i = 0; i < frames.length - common; i++) {
            tabs(b, indent);
            b.append("at ").append(frames[i]).append('\n');
        }
        if (common > 0) {
            tabs(b, indent);
            b.append("... ").append(common).append(" common frames omitted\n");
        }
        for (Throwable suppressed : thrown.getSuppressed()) {
            append(b, suppressed, frames, "Suppressed: ", indent + 1, seen);
        }
        if (thrown.getCause() != null) {
            append(b, thrown.getCause(), frames, "Caused by: ", indent, seen);
        }
    }

    /** How many of the last frames of {@code frames} are the last frames of {@code enclosing}. */
    private static int commonFrames(StackTraceElement[] frames, StackTraceElement[] enclosing) {
        int count = 0;
        for (int i = frames.length - 1, j = enclosing.length - 1; i >= 0 && j >= 0 && frames[i].equals(enclosing[j]);
                i--, j--) {
            count++;
        }
        return count;
    }

    private static void tabs(StringBuilder b, int count) {
        for (int i = 0; i < count; i++) {
            b.append('\t');
        }
    }
}
