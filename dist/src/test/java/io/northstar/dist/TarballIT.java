package io.northstar.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball of the machine's architecture, unpacked into a fresh directory and run
 * where no JDK can be found: /usr/lib/jvm hidden under an empty tmpfs in a private mount
 * namespace, no JAVA_HOME, PATH=/usr/bin:/bin (whose java pointed into /usr/lib/jvm).
 */
class TarballIT {
    static final Path SCRIPTS = Path.of("src/test/resources/io/northstar/dist").toAbsolutePath();

    @TempDir
    static Path work;
    static Path top;

    @BeforeAll
    static void unpack() throws Exception {
        assumeTrue(Release.root(), "hiding /usr/lib/jvm needs a mount namespace: run as root");
        top = Release.unpack(Release.tarball(Release.hostArch()), work.resolve("fresh"));
    }

    static Command withoutJdk(String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("sh", SCRIPTS.resolve("without-jdk").toString()));
        argv.addAll(List.of(command));
        return Command.run(argv);
    }

    @Test
    void theProgramsRunOnTheBundledRuntime() throws Exception {
        Command java = withoutJdk("sh", "-c", "command -v java || echo no java; echo JAVA_HOME=${JAVA_HOME:-unset}; ls /usr/lib/jvm");
        assertEquals("no java\nJAVA_HOME=unset\n", java.out(), java.toString());

        String bundled = "(" + top.resolve("runtime") + ")";
        Command northstar = withoutJdk(top.resolve("bin/northstar").toString(), "--version");
        assertEquals(0, northstar.exit(), northstar.toString());
        assertTrue(northstar.out().startsWith("northstar "), northstar.toString());
        Command nstar = withoutJdk(top.resolve("bin/nstar").toString(), "--version");
        assertEquals(0, nstar.exit(), nstar.toString());
        assertTrue(nstar.out().startsWith("nstar " + Release.VERSION + ", console API"), nstar.toString());
        assertTrue(nstar.out().contains(bundled), nstar.toString());
        Command sextant = withoutJdk(top.resolve("bin/sextant").toString(), "--version");
        assertEquals(0, sextant.exit(), sextant.toString());
        assertTrue(sextant.out().contains("Northstar for Java " + Release.VERSION), sextant.toString());
        assertTrue(sextant.out().contains(bundled), sextant.toString());
    }

    /** A symlink from elsewhere (e.g. /usr/local/bin/nstar) finds the release through it. */
    @Test
    void aSymlinkedLauncherFindsItsRelease() throws Exception {
        Path link = work.resolve("links/nstar");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, top.resolve("bin/nstar"));
        Command nstar = withoutJdk(link.toString(), "--version");
        assertEquals(0, nstar.exit(), nstar.toString());
        assertTrue(nstar.out().contains("(" + top.resolve("runtime") + ")"), nstar.toString());
    }

    @Test
    void theLayoutHoldsWhatDocsInstallMdSays() throws Exception {
        for (String file : List.of("bin/northstar", "bin/nstar", "bin/sextant", "bin/launch", "bin/java-home",
                "lib/native/northstar-forker", "runtime/bin/java", "config/check-kernel")) {
            assertTrue(Files.isExecutable(top.resolve(file)), file);
        }
        for (String file : List.of("config/northstar.toml", "config/northstar.service", "LICENSE", "README.md",
                "install.md", "share/man/man1/nstar.1", "share/man/man1/sextant.1", "share/man/man8/northstar.8",
                "share/man/man5/northstar.toml.5", "share/man/man5/northstar-manifest.5",
                "share/bash-completion/completions/nstar", "lib/northstar-runtime.jar",
                "lib/northstar-runtime.classpath", "lib/northstar-nstar.classpath", "lib/northstar-sextant.classpath")) {
            assertTrue(Files.isRegularFile(top.resolve(file)), file);
        }
        // Every jar a program needs is there, once.
        for (String program : List.of("northstar-runtime", "northstar-nstar", "northstar-sextant")) {
            for (String jar : Files.readAllLines(top.resolve("lib/" + program + ".classpath"))) {
                assertTrue(Files.isRegularFile(top.resolve("lib").resolve(jar)), program + " needs " + jar);
            }
        }
        // The runtime was linked with the modules jdeps found, and nothing of the JDK's tools.
        String release = Files.readString(top.resolve("runtime/release"));
        assertTrue(release.contains("jdk.unsupported") && release.contains("java.base"), release);
        assertFalse(Files.exists(top.resolve("runtime/bin/javac")));
        assertFalse(Files.exists(top.resolve("runtime/jmods")));
    }

    /**
     * The bundled runtime has the JDK's default class-data archive and its stripped JVM maps it
     * (-Xshare:on exits with an error when it cannot): without it every start parses all JDK
     * classes and bin/northstar cannot write the runtime's own archive on top of it.
     */
    @Test
    void theBundledRuntimeMapsItsClassDataArchive() throws Exception {
        assertTrue(Files.isRegularFile(top.resolve("runtime/lib/server/classes.jsa")));
        Command java = Command.run(List.of(top.resolve("runtime/bin/java").toString(), "-Xshare:on", "-version"));
        assertEquals(0, java.exit(), java.toString());
        assertTrue(java.err().contains("sharing"), java.toString());
    }

    /**
     * The release alone, with no JDK: its sextant packs and signs an NPK, its runtime starts, its
     * nstar installs and starts the container (whose output reaches the runtime's log), its bash
     * completion names the container from the running runtime, and the runtime shuts down cleanly.
     */
    @Test
    void theReleaseRunsAContainerWithoutAJdk() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "the test container is /bin/busybox: install busybox-static");
        assumeTrue(Command.available("mksquashfs"), "sextant pack needs mksquashfs: install squashfs-tools");
        Path e2e = work.resolve("e2e");
        Command run = withoutJdk("sh", SCRIPTS.resolve("release-e2e").toString(), top.toString(), e2e.toString());
        String all = run.toString();
        assertEquals(0, run.exit(), all);
        assertTrue(run.out().startsWith("java: none JAVA_HOME=none\n"), all);
        assertTrue(run.out().contains("\nhello-release:0.0.1\n"), "nstar list --quiet: " + all);
        assertTrue(run.out().contains("completion: hello-release hello-release:0.0.1\n"), all);
        assertTrue(run.out().contains("hello-release:0.0.1: hello from the release"), all);
        assertTrue(run.out().contains("Container hello-release:0.0.1 exited with status Exit(0)"), all);
        assertTrue(run.out().contains("(" + top.resolve("lib/native/northstar-forker") + ")"), "forker from the release: " + all);
        assertTrue(run.out().contains("Shutdown complete"), all);
        assertFalse(run.out().contains("runtime exit status"), all);
    }
}
