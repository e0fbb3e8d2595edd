package io.northstar.runtime.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class GroupPathTest {

    @Test
    void relativePathsAreNormalised() throws Exception {
        assertEquals("northstar", CgroupManager.relativeGroupPath("northstar", "x"));
        assertEquals("cpu-intense/sub", CgroupManager.relativeGroupPath("/cpu-intense/sub/", "x"));
    }

    @Test
    void escapingOrEmptyPathsAreRejected() {
        for (String bad : List.of("", " ", "/", "..", "a/../b", "a//b", "./a", "a/.", "a\0b")) {
            assertThrows(CgroupException.class, () -> CgroupManager.relativeGroupPath(bad, "cgroup"), bad);
        }
    }
}
