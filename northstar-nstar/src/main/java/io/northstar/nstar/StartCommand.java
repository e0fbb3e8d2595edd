package io.northstar.nstar;

import io.northstar.common.Container;
import io.northstar.common.NonNulString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "start", description = {"Start a container.",
    "--init, arguments and --env replace the manifest's init, args and env; the runtime allows that only on"
        + " connections with the start_command permission."})
final class StartCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER", description = "name:version, or name if only one version is installed")
    String container;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "arguments for init (replace the manifest's args)")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--init", paramLabel = "PATH", description = "init to execute instead of the manifest's")
    String init;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "environment (replaces the manifest's env)")
    Map<String, String> environment = new LinkedHashMap<>();

    @Override
    void run() throws Exception {
        Container c = session().resolve(container);
        if (init == null && arguments.isEmpty() && environment.isEmpty()) {
            session().client().start(c);
        } else {
            Map<NonNulString, NonNulString> env = new LinkedHashMap<>();
            environment.forEach((k, v) -> env.put(NonNulString.of(k), NonNulString.of(v)));
            session().client().start(c, Optional.ofNullable(init).map(NonNulString::of),
                    arguments.stream().map(NonNulString::of).toList(), env);
        }
        say("started " + c);
    }
}
