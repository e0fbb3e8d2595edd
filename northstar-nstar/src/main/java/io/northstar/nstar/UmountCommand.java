package io.northstar.nstar;

import picocli.CommandLine.Command;

@Command(name = "umount", description = "Unmount containers (releases their loop and verity devices).")
final class UmountCommand extends BatchCommand {
    @Override
    void run() throws Exception {
        report(session().client().umountAll(resolveAll()), "unmounted");
    }
}
