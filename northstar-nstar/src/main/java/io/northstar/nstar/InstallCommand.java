package io.northstar.nstar;

import io.northstar.common.Container;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "install", description = "Install an NPK into a repository.")
final class InstallCommand extends ClientCommand {
    /** Below this a progress bar would only flicker. */
    private static final long PROGRESS_THRESHOLD = 4L << 20;

    @Parameters(paramLabel = "FILE", description = "the NPK")
    Path npk;

    @Option(names = {"-r", "--repository"}, required = true, paramLabel = "REPOSITORY",
            description = "repository id from the runtime's config (see: nstar repositories)")
    String repository;

    @Override
    void run() throws Exception {
        long size = Files.size(npk);
        boolean bar = size >= PROGRESS_THRESHOLD && System.console() != null && !session().json();
        Container installed;
        try (InputStream in = Files.newInputStream(npk)) {
            if (bar) {
                Progress progress = new Progress(in, System.err, npk.getFileName().toString(), size);
                installed = session().client().install(repository, progress, size);
                progress.finish();
            } else {
                installed = session().client().install(repository, in, size);
            }
        }
        say("installed " + installed + " into " + repository);
    }
}
