package io.northstar.runtime.repository;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CapacityTest {

    private final Capacity limited = new Capacity(OptionalInt.of(2), OptionalLong.of(100));

    private static void assertRefused(String message, Executable check) {
        assertEquals(message, assertThrows(RepositoryException.class, check).getMessage());
    }

    @Test
    void numberRefusesAtTheLimit() {
        assertDoesNotThrow(() -> limited.checkNumber(1));
        assertRefused("max number of container reached", () -> limited.checkNumber(2));
    }

    @Test
    void fsRefusesWhenTheTotalWouldExceed() {
        assertDoesNotThrow(() -> limited.checkFsStreaming(60, 40));
        assertRefused("size limit reached", () -> limited.checkFsStreaming(60, 41));
        assertRefused("size limit reached", () -> limited.checkFsTotal(100));
    }

    @Test
    void memRefusesWhenTheTotalWouldReach() {
        assertDoesNotThrow(() -> limited.checkMem(60, 39));
        assertRefused("repository capacity limit reached", () -> limited.checkMem(60, 40));
    }

    @Test
    void unlimitedNeverRefuses() {
        assertDoesNotThrow(() -> {
            Capacity.UNLIMITED.checkNumber(Integer.MAX_VALUE);
            Capacity.UNLIMITED.checkMem(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2);
        });
    }
}
