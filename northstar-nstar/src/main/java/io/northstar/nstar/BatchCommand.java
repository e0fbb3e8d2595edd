package io.northstar.nstar;

import io.northstar.common.Container;
import io.northstar.console.ContainerResult;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Parameters;

/** mount and umount: several containers, one result each. */
abstract class BatchCommand extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "name:version, or name if only one version is installed")
    List<String> containers;

    List<Container> resolveAll() throws Exception {
        List<Container> resolved = new ArrayList<>();
        for (String ref : containers) {
            resolved.add(session().resolve(ref));
        }
        return resolved;
    }

    /** One line per container; any failure makes the command fail after all lines are printed. */
    void report(List<ContainerResult> results, String verb) throws ErrorResponse {
        List<String> failures = new ArrayList<>();
        for (ContainerResult r : results) {
            r.failure().ifPresentOrElse(e -> failures.add(Explain.error(e)), () -> say(verb + " " + r.container()));
        }
        if (!failures.isEmpty()) {
            throw new ErrorResponse(String.join("; ", failures));
        }
    }
}
