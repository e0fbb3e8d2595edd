package io.northstar.runtime.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The real ids from /proc/self/status are getuid(2)/getgid(2)'s. */
class ProcessIdsTest {

    @Test
    void realIdsAreGetuidAndGetgid() {
        jnr.posix.POSIX posix = jnr.posix.POSIXFactory.getNativePOSIX();
        assertEquals(posix.getuid(), ProcessIds.uid());
        assertEquals(posix.getgid(), ProcessIds.gid());
    }

    @Test
    void theFirstIdOfTheLineIsTheRealOne() {
        String status = "Name:\tjava\nUid:\t1000\t0\t0\t0\nGid:\t4294967294\t100\t100\t100\n";
        assertEquals(1000, ProcessIds.parse(status, "Uid:"));
        assertEquals(-2, ProcessIds.parse(status, "Gid:")); // nogroup's 2^32-2, as getgid's gid_t in an int
        assertThrows(IllegalStateException.class, () -> ProcessIds.parse("Name:\tjava\n", "Uid:"));
        assertThrows(IllegalStateException.class, () -> ProcessIds.parse("Uid:\tx\t0\n", "Uid:"));
    }
}
