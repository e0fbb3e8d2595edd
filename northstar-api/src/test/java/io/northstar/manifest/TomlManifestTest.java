package io.northstar.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.NonNulString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** TOML, the third dialect of the parse pipeline: enums as strings or single-key tables, as serde's toml does. */
class TomlManifestTest {
    @Test
    void variantsAsTables() {
        Manifest m = Manifest.parse("""
                name = "toml"
                version = "1.0.0"
                init = "/toml"
                uid = 10
                gid = 10
                network = { namespace = "container" }

                [sched.policy.fifo]
                priority = 7

                [seccomp]
                profile = "default"

                [seccomp.allow]
                read = "any"
                ioctl = { args = { index = 1, values = [1, 2], mask = 255 } }

                [mounts."/tmp"]
                type = "tmpfs"
                size = "1MiB"

                [sockets.s]
                type = "seq_packet"
                mode = 0o600
                passcred = true
                """);
        assertEquals(new SchedPolicy.Fifo(7), m.sched().orElseThrow().policy());
        assertEquals(new Network.Namespace(NonNulString.of("container")), m.network().orElseThrow());
        assertEquals(new SyscallRule.Args(1, java.util.Optional.of(List.of(1L, 2L)), OptionalLong.of(255)),
                m.seccomp().orElseThrow().allow().orElseThrow().get(NonNulString.of("ioctl")));
        assertEquals(new Mount.Tmpfs(1 << 20), m.mounts().get(NonNulString.of("/tmp")));
        assertEquals(0600, m.sockets().get(NonNulString.of("s")).mode());
        assertEquals(m, Manifest.parse(m.toYaml()));
    }

    @Test
    void tomlIsTypedLikeJson() {
        ManifestException e = assertThrows(ManifestException.class, () -> Manifest.parse(
                "name = \"a\"\nversion = \"0.0.1\"\ninit = \"/a\"\nuid = 1\ngid = 1\n[env]\nTHREADS = 4\n"));
        assertEquals("env.THREADS", e.field());
        assertTrue(e.reason().contains("expected a string, found integer 4"), e.getMessage());
        ManifestException dt = assertThrows(ManifestException.class, () -> Manifest.parse(
                "name = \"a\"\nversion = \"0.0.1\"\ninit = \"/a\"\nuid = 1\ngid = 1\n[env]\nWHEN = 1979-05-27\n"));
        assertEquals("env.WHEN", dt.field());
    }

    @Test
    void syntaxErrorOfATomlLookingFileIsTheTomlError() {
        ManifestException e = assertThrows(ManifestException.class, () -> Manifest.parse("name = \"a\nversion = 1\n"));
        assertEquals(ManifestException.Stage.PARSE, e.stage());
    }

    @Test
    void bytesMustBeUtf8() {
        byte[] bad = {(byte) 'n', (byte) ':', (byte) 0xff};
        ManifestException e = assertThrows(ManifestException.class, () -> Manifest.parse(bad));
        assertEquals("failed to parse manifest: manifest is not valid UTF-8", e.getMessage());
        assertEquals("hello", Manifest.parse(CanonicalYamlTest.HELLO.getBytes(StandardCharsets.UTF_8)).name().value());
    }
}
