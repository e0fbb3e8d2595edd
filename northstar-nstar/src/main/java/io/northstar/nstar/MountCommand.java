package io.northstar.nstar;

import picocli.CommandLine.Command;

@Command(name = "mount", description = "Mount containers (their images and verity devices).")
final class MountCommand extends BatchCommand {
    @Override
    void run() throws Exception {
        report(session().client().mountAll(resolveAll()), "mounted");
    }
}
