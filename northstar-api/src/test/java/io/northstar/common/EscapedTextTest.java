package io.northstar.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class EscapedTextTest {

    @Test
    void controlCharactersBecomeVisibleEscapes() {
        assertEquals("a\\rfake line\\n\\x1b[31mred\\x1b[0m\\x00\\x7f", EscapedText.escape("a\rfake line\n\u001b[31mred\u001b[0m\u0000\u007f"));
        assertEquals("csi\\x9b2J ls\\u2028ps\\u2029 bidi\\u202egnp.exe", EscapedText.escape("csi\u009b2J ls\u2028ps\u2029 bidi\u202egnp.exe"));
    }

    @Test
    void ordinaryTextIsUntouched() {
        String text = "hello:0.0.1: Hello northstar\twith tab, é € 𝄞 and a \\ backslash";
        assertSame(text, EscapedText.escape(text));
        assertEquals(null, EscapedText.escape(null));
    }
}
