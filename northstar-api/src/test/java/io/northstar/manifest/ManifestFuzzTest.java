package io.northstar.manifest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz targets for the manifest parsers and validator.
 *
 * <p>Expected outcomes: a valid {@link Manifest}, or {@link ManifestException}. Anything else
 * (another exception, a hang, running out of memory) is a finding. A manifest that parses must
 * also survive its own encodings: its canonical YAML and its JSON form read back to an equal
 * manifest.
 *
 * <p>{@link #parse} is the whole pipeline an NPK's {@code manifest.yaml} goes through (YAML, else
 * JSON, else TOML, then validation); {@link #json} and {@link #toml} feed one dialect's reader
 * directly, so the fuzzer reaches them without having to fail the dialects tried before.
 * Without {@code JAZZER_FUZZ} these replay the corpus in
 * {@code src/test/resources/io/northstar/manifest/ManifestFuzzTestInputs/<method>/}.
 */
class ManifestFuzzTest {

    @FuzzTest
    void parse(byte[] input) {
        Manifest m;
        try {
            m = Manifest.parse(input);
        } catch (ManifestException e) {
            return;
        }
        roundTrip(m);
    }

    @FuzzTest
    void json(byte[] input) {
        dialect(input, DocDecoder.Dialect.JSON);
    }

    @FuzzTest
    void toml(byte[] input) {
        dialect(input, DocDecoder.Dialect.TOML);
    }

    private static void dialect(byte[] input, DocDecoder.Dialect dialect) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(input)).toString();
        } catch (CharacterCodingException e) {
            return;
        }
        Manifest m;
        try {
            Doc doc = dialect == DocDecoder.Dialect.JSON ? JsonDocReader.read(text) : TomlDocReader.read(text);
            m = ManifestDecoder.decode(doc, dialect).validate();
        } catch (ManifestException e) {
            return;
        }
        roundTrip(m);
    }

    private static void roundTrip(Manifest m) {
        String yaml = m.toYaml();
        assertEquals(m, Manifest.parse(yaml), "manifest read back from its canonical YAML:\n" + yaml);
        assertEquals(m, ManifestJson.fromJson(m.toJson()), "manifest read back from its JSON form");
    }

    /** Finding (crash-2e99cd9a..., crash-c6b84ef5...): tomlj threw or asserted instead of reporting. */
    @Test
    void badUnicodeEscapeInTomlIsAParseError() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> Manifest.parse("name = \"a\"\n[mounts.\"/x\\uqq\"]\ntype = \"dev\"\n"));
        assertEquals(ManifestException.Stage.PARSE, e.stage());
        assertThrows(ManifestException.class, () -> TomlDocReader.read("p = [\"a\\uqq\"]\n"));
    }

    /** Finding (crash-8c7bbd79...): a JSON integer beyond u64 in custom stayed an integer; serde_json makes it an f64. */
    @Test
    void jsonIntegerBeyondU64InCustomIsAFloat() throws Exception {
        JsonNode json = new ObjectMapper().readTree("{\"name\":\"a\",\"version\":\"0.0.1\",\"uid\":1,\"gid\":1,"
                + "\"custom\":{\"big\":18446744073709551616,\"max\":18446744073709551615,\"min\":-9223372036854775809}}");
        Manifest m = ManifestJson.fromJson(json);
        JsonNode custom = m.custom().orElseThrow();
        assertTrue(custom.get("big").isDouble(), custom.toString());
        assertTrue(custom.get("min").isDouble(), custom.toString());
        assertTrue(custom.get("max").isIntegralNumber(), custom.toString());
        assertEquals(m, Manifest.parse(m.toYaml()));
    }

    /** Finding (crash-61c3ba3c...): SnakeYAML threw IllegalArgumentException for a malformed tag. */
    @Test
    void malformedYamlTagIsAParseError() {
        ManifestException e = assertThrows(ManifestException.class, () -> Manifest.parse("!%9"));
        assertEquals(ManifestException.Stage.PARSE, e.stage());
        assertThrows(ManifestException.class, () -> Manifest.parse("name: !%9 hello\nversion: 0.0.1\n"));
    }
}
