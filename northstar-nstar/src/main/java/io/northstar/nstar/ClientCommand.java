package io.northstar.nstar;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to the runtime through the invocation's session. */
abstract class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The top-level command, whatever the nesting (token create sits two levels down). */
    Nstar nstar() {
        return (Nstar) spec.root().userObject();
    }

    Session session() {
        return nstar().session();
    }

    PrintWriter out() {
        return nstar().out();
    }

    /** Text output only when the user did not ask for the raw JSON lines. */
    void say(String line) {
        if (!session().json()) {
            out().println(line);
            out().flush();
        }
    }

    @Override
    public final Integer call() throws Exception {
        run();
        return Nstar.OK;
    }

    abstract void run() throws Exception;
}
