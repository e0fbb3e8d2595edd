package io.northstar.sextant;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One sextant invocation with captured output. */
record SextantRun(int exitCode, String out, String err) {
    static SextantRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Sextant.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new SextantRun(rc, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
