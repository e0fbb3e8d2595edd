package io.northstar.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.northstar.common.Name;
import io.northstar.common.NonNulString;
import io.northstar.common.Version;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The manifest bytes the packer stores (npk-format §7 and the §12.2 test vector). */
class CanonicalYamlTest {
    static final String HELLO = "name: hello\nversion: 0.0.2\ninit: /hello\nenv:\n  HELLO: north\nuid: 100\ngid: 1\n";

    @Test
    void npkTestVectorManifestIsReproducedByteForByte() {
        assertEquals(76, HELLO.getBytes(StandardCharsets.UTF_8).length);
        String input = "# a comment the packer drops\nname: hello\nuid: 100\ngid: 1\nversion: '0.0.2'\nenv: {HELLO: north}\ninit: /hello\n";
        assertEquals(HELLO, Manifest.parse(input).toYaml());
        assertEquals(HELLO, Manifest.parse(HELLO).toYaml());
    }

    @Test
    void builtManifestWritesTheSameBytes() {
        Map<NonNulString, NonNulString> env = new LinkedHashMap<>();
        env.put(NonNulString.of("HELLO"), NonNulString.of("north"));
        Manifest m = Manifest.builder(Name.of("hello"), Version.parse("0.0.2"), 100, 1).init("/hello").env(env).build();
        assertEquals(HELLO, m.toYaml());
    }

    @Test
    void manifestOfTheSharedTestNpk() throws IOException {
        Path npk = Path.of("/work/shared/testdata/npk/hello-0.0.2.npk");
        Assumptions.assumeTrue(Files.exists(npk), "shared test vector " + npk + " not present on this machine");
        String stored = null;
        try (InputStream in = Files.newInputStream(npk); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("manifest.yaml")) {
                    stored = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertEquals(HELLO, stored);
        assertEquals(stored, Manifest.parse(stored).toYaml());
    }
}
