package io.northstar.nstar;

import picocli.CommandLine.Command;

@Command(name = "repositories", description = "List the runtime's repositories.")
final class RepositoriesCommand extends ClientCommand {
    @Override
    void run() throws Exception {
        session().client().repositories().stream().sorted().forEach(this::say);
    }
}
