package io.northstar.nstar;

import picocli.CommandLine.Command;

@Command(name = "shutdown", description = "Stop every container, unmount everything and end the runtime.")
final class ShutdownCommand extends ClientCommand {
    @Override
    void run() throws Exception {
        session().client().shutdown();
        say("runtime is shutting down");
    }
}
