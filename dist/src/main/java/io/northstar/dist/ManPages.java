package io.northstar.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the man pages of the release: nstar(1), sextant(1) and northstar(8) from their command
 * models (picocli's; the daemon's options as a picocli model, see {@link ManPage#daemonModel()}) (with the hand-written sections of dist/man/NAME.SECTION.in appended), and the pages
 * written by hand, northstar.toml(5) and northstar-manifest(5), from dist/man with their
 * version and date filled in.
 *
 * <p>{@code ManPages SOURCE_DIR OUT_DIR VERSION DATE}
 */
public final class ManPages {
    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: ManPages SOURCE_DIR OUT_DIR VERSION DATE");
            System.exit(2);
        }
        Path source = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String version = args[2];
        String date = args[3];
        Files.createDirectories(out);
        List<Generated> generated = List.of(
                new Generated("nstar", 1, ManPage.model(new io.northstar.nstar.Nstar())),
                new Generated("sextant", 1, ManPage.model(new io.northstar.sextant.Sextant())),
                new Generated("northstar", 8, ManPage.daemonModel()));
        for (Generated g : generated) {
            String file = g.name() + "." + g.section();
            String extra = Files.readString(source.resolve(file + ".in"));
            ManPage page = new ManPage(g.name(), g.section(), g.command(), extra);
            Files.writeString(out.resolve(file), page.render(version, date));
        }
        for (String file : List.of("northstar.toml.5", "northstar-manifest.5")) {
            Files.writeString(out.resolve(file), Files.readString(source.resolve(file))
                    .replace("@VERSION@", version).replace("@DATE@", date));
        }
    }

    private record Generated(String name, int section, picocli.CommandLine.Model.CommandSpec command) {
    }
}
