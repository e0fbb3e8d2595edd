package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/northstar's class-data sharing archive (docs/performance.md, "AppCDS"): written at the
 * first shutdown under a name that carries a checksum of the JVM and its flags, checked before
 * use; a damaged candidate or an archive of other flags never keeps the daemon from starting.
 */
class LauncherArchiveTest {
    private static final Path TOP = Path.of("..").toAbsolutePath().normalize();
    private static final Path NORTHSTAR = TOP.resolve("bin/northstar");
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path root;

    private Path config;
    private Path archives;

    @BeforeEach
    void setUp() throws Exception {
        Host.assumeRuntimeCanRun();
        config = new TestConfig(root).write();
        archives = root.resolve("archives");
        Files.createDirectories(archives);
    }

    /** One daemon through bin/northstar: started, up, stopped with SIGTERM (the archive is written then). */
    private void runOnce(String javaOpts) throws Exception {
        Path log = root.resolve("northstar.log");
        ProcessBuilder pb = new ProcessBuilder(NORTHSTAR.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("NORTHSTAR_CDS_ARCHIVE", archives.resolve("northstar.jsa").toString());
        if (javaOpts == null) {
            pb.environment().remove("JAVA_OPTS");
        } else {
            pb.environment().put("JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + START.toNanos();
            while (!Files.readString(log).contains("Runtime up and running")) {
                assertTrue(p.isAlive(), "bin/northstar exited with " + (p.isAlive() ? "" : p.exitValue())
                        + " before the runtime was up:\n" + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "runtime not up within " + START + ":\n" + Files.readString(log));
                Thread.sleep(50);
            }
        } finally {
            p.destroy(); // SIGTERM: the orderly shutdown, at whose end the JVM writes the archive
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "bin/northstar did not stop after SIGTERM");
        }
        assertEquals(0, p.exitValue(), Files.readString(log));
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(archives)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void damagedCandidatesAndArchivesOfOtherFlagsAreReplaced() throws Exception {
        runOnce(null);
        List<String> first = files();
        assertEquals(1, first.size(), "one candidate written at shutdown: " + first);
        assertTrue(first.get(0).matches("northstar-\\d+\\.jsa\\.\\d+\\.tmp"), first.get(0));
        String archive = first.get(0).replaceAll("\\.\\d+\\.tmp$", "");

        // A candidate cut short (a power cut while the JVM wrote it) must not be mapped: it is
        // checked, dropped, and the daemon starts without it and writes a new one.
        Path candidate = archives.resolve(first.get(0));
        try (FileChannel ch = FileChannel.open(candidate, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 3);
        }
        runOnce(null);
        List<String> second = files();
        assertFalse(second.contains(first.get(0)), "the damaged candidate is gone: " + second);
        assertEquals(1, second.size(), second.toString());
        assertTrue(second.get(0).startsWith(archive + "."), second.toString());

        // The next start checks the new candidate and uses it under its final name.
        runOnce(null);
        assertEquals(List.of(archive), files());

        // Other flags: that archive would be ignored by the JVM, so it goes and one for these flags is written.
        runOnce("-XX:+UseSerialGC -Xmx48m -XX:TieredStopAtLevel=1");
        List<String> other = files();
        assertFalse(other.contains(archive), "the archive of the other flags is removed: " + other);
        assertEquals(1, other.size(), other.toString());
        assertTrue(other.get(0).matches("northstar-\\d+\\.jsa\\.\\d+\\.tmp") && !other.get(0).startsWith(archive + "."),
                other.toString());
    }
}
