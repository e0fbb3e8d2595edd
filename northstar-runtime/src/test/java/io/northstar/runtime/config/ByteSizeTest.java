package io.northstar.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest(name = "\"{0}\" = {1}")
    @CsvSource(delimiter = '|', value = {
        "1024|1024",
        "+1024|1024",
        "0|0",
        "100MB|100000000",
        "1M|1000000",
        "1MiB|1048576",
        "1.5Ki|1536",
        "10 kb|10000",
        "1b|1",
        "7B|7",
        "1k|1000",
        "1K|1000",
        "1kb|1000",
        "1KB|1000",
        "1m|1000000",
        "1mb|1000000",
        "2g|2000000000",
        "2GB|2000000000",
        "1t|1000000000000",
        "1TB|1000000000000",
        "1p|1000000000000000",
        "1PB|1000000000000000",
        "1ki|1024",
        "1KiB|1024",
        "1KIB|1024",
        "1mi|1048576",
        "1Gi|1073741824",
        "1GiB|1073741824",
        "1Ti|1099511627776",
        "1TiB|1099511627776",
        "1Pi|1125899906842624",
        "1PiB|1125899906842624",
        "64KiB|65536",
        "256MiB|268435456",
        "0.5KB|500",
        "1.9b|1",
        ".5KiB|512",
        "1.kb|1000",
        "'1 2 MB'|1000000",
        "1  MB|1000000",
        "18446744073709551615|9223372036854775807",
        "100000PB|9223372036854775807",
    })
    void parses(String text, long bytes) {
        assertEquals(bytes, ByteSize.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"", " 1MB", "1MB ", "1.", "12 XB", "MB", "1.2.3MB", "-1MB", "1 M B", "1e3", "1KiBs",
        "18446744073709551616", "1,5MB"})
    void rejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text));
    }

    @Test
    void decimalAndBinaryDiffer() {
        assertEquals(1_000_000, ByteSize.parse("1MB"));
        assertEquals(1_048_576, ByteSize.parse("1MiB"));
    }

    @Test
    void unknownUnitMessageQuotesTheUnit() {
        assertEquals("couldn't parse unit of \"XB\"",
                assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("12 XB")).getMessage());
    }
}
