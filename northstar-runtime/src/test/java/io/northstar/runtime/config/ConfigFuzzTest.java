package io.northstar.runtime.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

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
}
