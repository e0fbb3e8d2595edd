package io.northstar.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The texts serde_json and serde_yaml (ryu's format_finite) write for these f64 values. */
class RyuFloatTest {
    @ParameterizedTest
    @CsvSource({
        "0.0, 0.0", "-0.0, -0.0", "1.0, 1.0", "-1.0, -1.0", "0.1, 0.1", "1e-7, 1e-7", "1.5e-7, 1.5e-7",
        "1e15, 1000000000000000.0", "1e16, 1e16", "1.5e16, 1.5e16", "1e10, 10000000000.0",
        "1.7976931348623157e308, 1.7976931348623157e308", "5e-324, 5e-324", "-5e-324, -5e-324",
        "123456.789, 123456.789", "0.0001, 0.0001", "0.00001, 0.00001", "0.000001, 1e-6",
        "1234567890123456.7, 1234567890123456.8", "12345678901234567.0, 1.2345678901234568e16",
        "123456789012345678.0, 1.2345678901234568e17", "0.3, 0.3", "2.5e-5, 0.000025", "2.5e-6, 2.5e-6", "1e23, 1e23", "4.9e-324, 5e-324", "2e-323, 2e-323", "3.0e-5, 0.00003"
    })
    void formatsLikeRyu(double value, String expected) {
        assertEquals(expected, RyuFloat.format(value));
    }

    @Test
    void f32UsesItsOwnShortestDigits() {
        assertEquals("0.1", RyuFloat.format(0.1f));
        assertEquals("1e16", RyuFloat.format(1e16f));
        assertEquals("-0.0", RyuFloat.format(-0.0f));
    }

    @Test
    void nonFiniteValuesHaveNoSerdeText() {
        assertThrows(IllegalArgumentException.class, () -> RyuFloat.format(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> RyuFloat.format(Double.POSITIVE_INFINITY));
    }
}
