package io.northstar.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.npk.NpkException;
import io.northstar.npk.NpkSignature;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Documents that are small as text and huge as trees (docs/security.md, "YAML alias ladders"):
 * every reader refuses them with an error that names the bound, before the heap is gone.
 */
class ManifestBombTest {

    private static final String HEAD = "name: bomb\nversion: 0.0.1\ninit: /bomb\nuid: 1\ngid: 1\n";

    /**
     * {@code l0: &l0 [x, x]}, {@code l1: &l1 [*l0, *l0]}, ...: each rung doubles the tree. 25 rungs
     * of width 2 use 48 aliases (under SnakeYAML's alias limit of 50) in about 600 bytes and
     * expand to 2^26 nodes.
     */
    static String ladder(int rungs, int width) {
        StringBuilder b = new StringBuilder(HEAD).append("custom:\n  l0: &l0 [");
        for (int i = 0; i < width; i++) {
            b.append(i == 0 ? "x" : ",x");
        }
        b.append("]\n");
        for (int r = 1; r < rungs; r++) {
            b.append("  l").append(r).append(": &l").append(r).append(" [");
            for (int i = 0; i < width; i++) {
                b.append(i == 0 ? "" : ",").append("*l").append(r - 1);
            }
            b.append("]\n");
        }
        return b.toString();
    }

    @Test
    void aNarrowAliasLadderIsRefusedByItsNodeCount() {
        String bomb = ladder(25, 2);
        assertTrue(bomb.length() < 700, bomb.length() + " bytes");
        ManifestException e = assertThrows(ManifestException.class, () -> Manifest.parse(bomb));
        assertEquals(ManifestException.Stage.PARSE, e.stage());
        assertTrue(e.getMessage().contains("more than " + DocLimits.MAX_NODES + " nodes once its aliases are expanded"),
                e.getMessage());
    }

    @Test
    void theLadderIsRefusedAlsoWhenSentAsBytes() {
        byte[] bomb = ladder(25, 2).getBytes(StandardCharsets.UTF_8);
        ManifestException e = assertThrows(ManifestException.class, () -> Manifest.parse(bomb));
        assertTrue(e.getMessage().contains("more than " + DocLimits.MAX_NODES + " nodes"), e.getMessage());
    }

    @Test
    void aLadderBelowTheBoundIsAManifestLikeAnyOther() {
        // 2^10 scalars: aliases are legal YAML and stay usable
        Manifest m = Manifest.parse(ladder(10, 2));
        assertEquals("bomb", m.name().value());
    }

    @Test
    void aWideFlatJsonDocumentIsRefusedByItsNodeCount() {
        StringBuilder b = new StringBuilder("{\"name\":\"bomb\",\"version\":\"0.0.1\",\"uid\":1,\"gid\":1,\"custom\":[0");
        b.append(",0".repeat(DocLimits.MAX_NODES));
        b.append("]}");
        ManifestException e = assertThrows(ManifestException.class, () -> JsonDocReader.read(b.toString()));
        assertTrue(e.getMessage().contains("JSON document has more than " + DocLimits.MAX_NODES + " nodes"),
                e.getMessage());
    }

    @Test
    void deeplyNestedTomlIsRefusedBeforeTheParserRecurses() {
        String deep = "a = " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        ManifestException e = assertThrows(ManifestException.class, () -> TomlDocReader.read(deep));
        assertTrue(e.getMessage().contains("nested 100000 levels deep, at most " + DocLimits.MAX_DEPTH + " allowed"),
                e.getMessage());
        // through the whole pipeline (YAML, JSON, TOML in turn): an error, not a StackOverflowError
        assertThrows(ManifestException.class, () -> Manifest.parse(deep));
        assertThrows(ManifestException.class, () -> Manifest.parse("x = { " + "y = { ".repeat(50_000)));
    }

    @Test
    void tomlDepthIgnoresBracketsInStringsAndComments() {
        assertEquals(2, DocLimits.tomlDepth("a = [[1]]\n"));
        assertEquals(1, DocLimits.tomlDepth("[table]\nb = \"[[[[\" # [[[[[\nc = '[[[['\n"));
        assertEquals(1, DocLimits.tomlDepth("d = \"\"\"\n[[[[\\\"\"\"\"\ne = '''[[[[\n'''\n[x]\n"));
        assertEquals(2, DocLimits.tomlDepth("[[servers]]\nname = 'a'\n"));
        String atTheBound = "a = " + "[".repeat(DocLimits.MAX_DEPTH) + "]".repeat(DocLimits.MAX_DEPTH) + "\n";
        assertInstanceOf(Doc.Mapping.class, TomlDocReader.read(atTheBound), "the bound itself parses");
    }

    @Test
    void theSignatureEntryIsBoundedToo() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        NpkException e = assertThrows(NpkException.class,
                () -> NpkSignature.parse(("manifest.yaml: " + deep + "\n---\nsignature: x").getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("signature.yaml"), e.getMessage());
        String aliases = ladder(25, 2).replace(HEAD, "") + "---\nsignature: x";
        assertThrows(NpkException.class, () -> NpkSignature.parse(aliases.getBytes(StandardCharsets.UTF_8)));
    }
}
