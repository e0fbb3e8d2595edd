package io.northstar.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Floats in {@code custom} are written like Rust's ryu crate (serde_yaml's float format). */
class YamlFloatTextTest {
    @ParameterizedTest
    @CsvSource({
        "1.5, 1.5", "1000.0, 1000.0", "1e3, 1000.0", "1e15, 1000000000000000.0", "1e16, 1e16", "1e20, 1e20",
        "1.5e20, 1.5e20", "0.0001, 0.0001", "0.00001, 0.00001", "0.000001, 1e-6", "1.25e-7, 1.25e-7", "-2.5, -2.5", "0.0, 0.0", "-0.0, -0.0",
        "123456.789, 123456.789", "0.1, 0.1", "NaN, .nan", "Infinity, .inf", "-Infinity, -.inf"
    })
    void ryuFormat(String input, String expected) {
        assertEquals(expected, YamlScalarStyle.floatText(input));
    }
}
