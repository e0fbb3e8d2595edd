package io.northstar.runtime.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupFileTest {
    @Test
    void looksUpGroupsByName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("group");
        Files.writeString(file, "root:x:0:\ninet:x:3003:alice,bob\nbroken\nbad:x:nan:\n");
        assertEquals(OptionalInt.of(3003), GroupFile.lookup(file, "inet"));
        assertEquals(OptionalInt.of(0), GroupFile.lookup(file, "root"));
        assertEquals(OptionalInt.empty(), GroupFile.lookup(file, "nobody"));
        assertEquals(OptionalInt.empty(), GroupFile.lookup(file, "bad"));
        assertEquals(OptionalInt.empty(), GroupFile.lookup(dir.resolve("missing"), "root"));
    }
}
