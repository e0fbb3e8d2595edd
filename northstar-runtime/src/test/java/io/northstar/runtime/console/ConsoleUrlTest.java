package io.northstar.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConsoleUrlTest {

    @Test
    void tcpWithAndWithoutPort() {
        assertEquals(new ConsoleUrl.Tcp("localhost", 4200), ConsoleUrl.parse("tcp://localhost:4200"));
        assertEquals(new ConsoleUrl.Tcp("127.0.0.1", 4200), ConsoleUrl.parse("tcp://127.0.0.1"));
        assertEquals(new ConsoleUrl.Tcp("0.0.0.0", 7), ConsoleUrl.parse("tcp://0.0.0.0:7"));
    }

    @Test
    void unixPathIsTheUrlPath() {
        assertEquals(new ConsoleUrl.Unix(Path.of("/tmp/northstar")), ConsoleUrl.parse("unix:///tmp/northstar"));
        // URL syntax: "tmp" is the host here, the path is /northstar.
        assertEquals(new ConsoleUrl.Unix(Path.of("/northstar")), ConsoleUrl.parse("unix://tmp/northstar"));
    }

    @Test
    void otherSchemesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConsoleUrl.parse("http://localhost:4200"));
        assertEquals("console scheme must be tcp or unix: http://localhost:4200", e.getMessage());
    }
}
