package io.northstar.nstar;

import picocli.CommandLine.Command;

@Command(name = "ident", description = "Show this connection's identity (extern:0.0.0 on the global console).")
final class IdentCommand extends ClientCommand {
    @Override
    void run() throws Exception {
        say(session().client().ident().toString());
    }
}
