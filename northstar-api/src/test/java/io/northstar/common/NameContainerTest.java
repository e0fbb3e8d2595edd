package io.northstar.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameContainerTest {

    @ParameterizedTest
    @ValueSource(strings = {"hello", "hello-world", "a.b_c-D9", ".", ".."})
    void validNames(String s) {
        assertEquals(s, Name.of(s).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a b", "a:b", "a%", "^", "*", "ä", "a\0b"})
    void invalidNames(String s) {
        assertThrows(InvalidValueException.class, () -> Name.of(s));
    }

    @Test
    void nameLengthLimit() {
        Name.of("a".repeat(1024));
        assertThrows(InvalidValueException.class, () -> Name.of("a".repeat(1025)));
    }

    @Test
    void dotNamesAreValidButNeverFileNames() {
        for (String dots : new String[] {".", ".."}) {
            InvalidValueException e = assertThrows(InvalidValueException.class, () -> Name.of(dots).fileName());
            assertTrue(e.getMessage().contains("cannot be used as a file name"), e.getMessage());
        }
        assertEquals("...", Name.of("...").fileName());
        assertEquals(".hidden", Name.of(".hidden").fileName());
    }

    @Test
    void containerSplitsAtFirstColon() {
        Container c = Container.parse("hello:0.0.1-rc1");
        assertEquals("hello:0.0.1", c.toString());
        assertThrows(InvalidValueException.class, () -> Container.parse("foo:0.0.1:default"));
        assertThrows(InvalidValueException.class, () -> Container.parse("foo"));
        assertThrows(InvalidValueException.class, () -> Container.parse(":0.0.1"));
    }

    @Test
    void nonNul() {
        assertThrows(InvalidValueException.class, () -> NonNulString.of("a\0"));
        assertEquals(4, NonNulString.of("aä€").utf8Length() - 2);
    }
}
