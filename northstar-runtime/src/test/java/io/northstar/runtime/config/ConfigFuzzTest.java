package io.northstar.runtime.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target for the runtime configuration parser.
 *
 * <p>Expected outcomes: a {@link Config}, or {@link ConfigException} naming the key. Anything
 * else (another exception, a hang, running out of memory) is a finding. Text that is not UTF-8
 * never reaches the parser ({@link Config#load} rejects it first).
 * Without {@code JAZZER_FUZZ} this replays the corpus in
 * {@code src/test/resources/io/northstar/runtime/config/ConfigFuzzTestInputs/parse/}.
 */
class ConfigFuzzTest {

    @FuzzTest
    void parse(byte[] input) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(input)).toString();
        } catch (CharacterCodingException e) {
            return;
        }
        try {
            Config.parse(text);
        } catch (ConfigException e) {
            // expected for invalid configuration
        }
    }

    /** The TOML library used before threw (or asserted) on a bad unicode escape in a table header (tomlj-bad-unicode-escape-in-table-key.toml). */
    @Test
    void badUnicodeEscapeIsASyntaxError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.parse("run_dir = \"run\"\n[repositories.\"a\\uqq\"]\ntype = \"mem\"\n"));
        assertTrue(e.getMessage().startsWith("config: TOML syntax error"), e.getMessage());
    }
}
