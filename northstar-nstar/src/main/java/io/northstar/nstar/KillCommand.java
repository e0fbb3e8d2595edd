package io.northstar.nstar;

import io.northstar.common.Container;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "kill", description = "Send a signal to a started container (default SIGTERM).")
final class KillCommand extends ClientCommand {
    @Parameters(paramLabel = "CONTAINER", description = "name:version, or name if only one version is installed")
    String container;

    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", defaultValue = "TERM",
            description = "number or name, e.g. 9, KILL, SIGTERM (default: ${DEFAULT-VALUE})")
    String signal;

    @Override
    void run() throws Exception {
        int number = Signals.parse(signal);
        Container c = session().resolve(container);
        session().client().kill(c, number);
        say("sent " + Signals.name(number).orElse("signal " + number) + " to " + c);
    }
}
