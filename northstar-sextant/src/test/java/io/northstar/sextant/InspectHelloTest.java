package io.northstar.sextant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sextant inspect} of the shared vector hello-0.0.2.npk. */
class InspectHelloTest {
    @TempDir
    Path tmp;

    private Path copy(String name) throws Exception {
        return Files.write(tmp.resolve(name), InspectHelloTest.class.getResourceAsStream("/npk/" + name).readAllBytes());
    }

    @Test
    void shortForm() throws Exception {
        SextantRun run = SextantRun.of("inspect", "--short", copy("hello-0.0.2.npk").toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("name: hello, version: 0.0.2, NPK version: 0.9.3, resource container: no\n", run.out());
    }

    @Test
    void longFormVerifiedWithNorthstarPub() throws Exception {
        Optional<String> missing = Tools.find("unsquashfs").isPresent() ? Optional.empty()
                : Optional.of("unsquashfs not installed (Debian package squashfs-tools)");
        Tools.assumeAvailable("InspectHelloTest long form", missing);
        Path npk = copy("hello-0.0.2.npk");
        SextantRun run = SextantRun.of("inspect", "--key", copy("northstar.pub").toString(), npk.toString());
        assertEquals(0, run.exitCode(), run.toString());
        String expectedStart = "# inspection of '" + npk + "'\n"
                + "## NPK Content\nmanifest.yaml\nsignature.yaml\nfs.img\n\n"
                + "## manifest.yaml\nname: hello\nversion: 0.0.2\ninit: /hello\nenv:\n  HELLO: north\nuid: 100\ngid: 1\n\n\n"
                + "## signature.yaml\nmeta:\n  hash: a133e6b65f3f3e67d00a651eab8b5f1672881497c63c780b52f37e4c7382ca65\n";
        assertTrue(run.out().startsWith(expectedStart), run.out());
        assertTrue(run.out().contains("  verity-offset: 4096\n---\nsignature: LG7wmylxTe68LVaKByjlbiArhEYNlUZ0KAUMzjxHxXSQGlocQyEF+ce8B3cMSva+OkO0aOttmF4RyTxZvbgFAA==\n"),
                run.out());
        assertTrue(run.out().contains("## Verification\nsignature: valid (key 0ca91331f86ea8e8202b8071dc7f1c803033dcb1f502188abbd8249c218eb021)\n"
                + "meta and manifest hashes: match\n"
                + "verity: all 1 data block(s) match root hash 1b103e1e44be873316bb27c13d991061aa8ffcd9cb719590ab834a3a9828323c\n"),
                run.out());
        assertTrue(run.out().contains("## SquashFS listing\n"), run.out());
        assertTrue(run.out().contains("squashfs-root/hello"), run.out());
    }
}
