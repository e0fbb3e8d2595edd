package io.northstar.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Keys and bounds of the runtime config added for docs/security.md. */
class ConfigBoundsTest {
    @Test
    void deepNestingIsAConfigErrorNotAStackOverflow() {
        String deep = "run_dir = \"run\"\nx = " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        assertEquals("config: TOML nested 100000 levels deep, at most 128 allowed", ConfigTest.error(deep));
    }

    @Test
    void verityKeysDefaultToUserSpaceCopiesUpTo256MiB() throws Exception {
        String minimal = "run_dir = \"run\"\ndata_dir = \"data\"\nsocket_dir = \"sockets\"\ncgroup = \"northstar\"\n";
        assertEquals(new VerityConfig(false, 256L << 20), Config.parse(minimal).verity());
        assertEquals(new VerityConfig(true, 16L << 20), Config.parse(minimal
                + "require_dm_verity = true\nuser_space_verity_max_size = \"16MiB\"\n").verity());
        assertEquals("config: require_dm_verity: invalid type: string, expected a boolean",
                ConfigTest.error(minimal + "require_dm_verity = \"yes\"\n"));
    }
}
