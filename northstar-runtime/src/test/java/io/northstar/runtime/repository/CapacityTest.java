package io.northstar.runtime.repository;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CapacityTest {

    private final Capacity limited = new Capacity(OptionalInt.of(2), OptionalLong.of(100));

    @Test
    void numberRefusesAtTheLimit() {
        assertDoesNotThrow(() -> limited.checkNumber(1));
        assertEquals("max number of container reached",
                assertThrows(RepositoryException.class, () -> limited.checkNumber(2)).getMessage());
    }

    @Test
    void fsRefusesWhenTheTotalWouldExceed() {
        assertDoesNotThrow(() -> limited.checkFsStreaming(60, 40));
        assertEquals("size limit reached",
                assertThrows(RepositoryException.class, () -> limited.checkFsStreaming(60, 41)).getMessage());
        assertEquals("size limit reached",
                assertThrows(RepositoryException.class, () -> limited.checkFsTotal(100)).getMessage());
    }

    @Test
    void memRefusesWhenTheTotalWouldReach() {
        assertDoesNotThrow(() -> limited.checkMem(60, 39));
        assertEquals("repository capacity limit reached",
                assertThrows(RepositoryException.class, () -> limited.checkMem(60, 40)).getMessage());
    }

    @Test
    void unlimitedNeverRefuses() {
        assertDoesNotThrow(() -> {
            Capacity.UNLIMITED.checkNumber(Integer.MAX_VALUE);
            Capacity.UNLIMITED.checkMem(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2);
        });
    }
}
