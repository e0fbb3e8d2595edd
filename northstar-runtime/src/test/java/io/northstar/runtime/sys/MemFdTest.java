package io.northstar.runtime.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MemFdTest {

    @Test
    void createWriteSealRead() throws Exception {
        try (NativeFd memfd = MemFd.createSealable("npk-test")) {
            assertTrue(Files.readSymbolicLink(Path.of(memfd.procPath())).toString().startsWith("/memfd:npk-test"));
            memfd.writeAll("northstar".getBytes());
            assertEquals(0, MemFd.getSeals(memfd));
            MemFd.sealImmutable(memfd);
            assertEquals(MemFd.F_SEAL_SEAL | MemFd.F_SEAL_SHRINK | MemFd.F_SEAL_GROW | MemFd.F_SEAL_WRITE,
                    MemFd.getSeals(memfd));
            // Sealed for writing: the kernel refuses.
            SyscallException write = assertThrows(SyscallException.class, () -> memfd.writeAll("x".getBytes()));
            assertEquals(Errno.EPERM, write.errno());
            // Sealed seals: no more changes.
            SyscallException seal = assertThrows(SyscallException.class, () -> MemFd.addSeals(memfd, MemFd.F_SEAL_FUTURE_WRITE));
            assertEquals("F_ADD_SEALS F_SEAL_FUTURE_WRITE on memfd:npk-test failed: EPERM", seal.getMessage());
            assertArrayEquals("north".getBytes(), memfd.pread(0, 5));
            assertArrayEquals("star".getBytes(), memfd.pread(5, 100));
        }
    }

    @Test
    void withoutAllowSealingSealsAreRefused() throws Exception {
        try (NativeFd memfd = MemFd.create("unsealable", 0)) {
            assertEquals(MemFd.F_SEAL_SEAL, MemFd.getSeals(memfd));
            SyscallException e = assertThrows(SyscallException.class, () -> MemFd.addSeals(memfd, MemFd.F_SEAL_WRITE));
            assertEquals(Errno.EPERM, e.errno());
        }
    }
}
