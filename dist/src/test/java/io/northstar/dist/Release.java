package io.northstar.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The artifacts dist/build made in this module's target directory. */
final class Release {
    static final Path TARGET = Path.of("target").toAbsolutePath();
    static final Path TOP = TARGET.getParent().getParent();
    static final String VERSION = System.getProperty("dist.version");

    private Release() {
    }

    static String hostArch() throws IOException, InterruptedException {
        return Command.run(java.util.List.of("dpkg", "--print-architecture")).out().strip();
    }

    static Path tarball(String arch) {
        return TARGET.resolve("northstar-" + VERSION + "-linux-" + arch + ".tar.gz");
    }

    static Path deb(String arch) {
        return TARGET.resolve("northstar_" + VERSION.replaceFirst("-SNAPSHOT$", "~snapshot") + "_" + arch + ".deb");
    }

    /** Unpacks a tarball into a fresh directory; returns its top directory. */
    static Path unpack(Path tarball, Path into) throws IOException, InterruptedException {
        Files.createDirectories(into);
        Command tar = Command.run(java.util.List.of("tar", "-C", into.toString(), "-xzf", tarball.toString()));
        if (tar.exit() != 0) {
            throw new IOException(tar.toString());
        }
        return into.resolve("northstar-" + VERSION);
    }

    static boolean root() throws IOException, InterruptedException {
        return Command.run(java.util.List.of("id", "-u")).out().strip().equals("0");
    }
}
