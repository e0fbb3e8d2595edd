package io.northstar.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The runtime config is read with the nesting bound of every document (docs/security.md). */
class ConfigBoundsTest {
    @Test
    void deepNestingIsAConfigErrorNotAStackOverflow() {
        String deep = "run_dir = \"run\"\nx = " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        assertEquals("config: TOML nested 100000 levels deep, at most 128 allowed", ConfigTest.error(deep));
    }
}
