package io.northstar.manifest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
