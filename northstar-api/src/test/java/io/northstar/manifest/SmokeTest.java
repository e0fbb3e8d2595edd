package io.northstar.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void testContainer() throws Exception {
        String text = new String(getClass().getResourceAsStream("/manifest/examples/test-container.yaml").readAllBytes(), StandardCharsets.UTF_8);
        Manifest m = Manifest.parse(text);
        System.out.println(m.toJson());
        System.out.println(m.toYaml());
        assertEquals(m, Manifest.parse(m.toYaml()));
        assertEquals(m, ManifestJson.fromJson(m.toJson()));
        assertEquals(m, Manifest.parse(m.toJson().toString()));
    }
}
