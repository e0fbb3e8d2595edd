package io.northstar.nstar;

import io.northstar.common.Container;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "uninstall", description = "Uninstall a container (unmounting it first).")
final class UninstallCommand extends ClientCommand {
    @Parameters(paramLabel = "CONTAINER", description = "name:version, or name if only one version is installed")
    String container;

    @Option(names = "--wipe", description = "also remove the container's persistent data directory")
    boolean wipe;

    @Override
    void run() throws Exception {
        Container c = session().resolve(container);
        session().client().uninstall(c, wipe);
        say("uninstalled " + c + (wipe ? " and wiped its data" : ""));
    }
}
