package io.northstar.runtime.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeFdTest {

    @Test
    void readsAndPreads(@TempDir Path dir) throws Exception {
        byte[] content = new byte[10_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i % 251);
        }
        Path file = Files.write(dir.resolve("f"), content);
        try (NativeFd fd = NativeFd.open(file.toString(), NativeFd.O_RDONLY)) {
            assertArrayEquals(Arrays.copyOf(content, 100), fd.read(100));
            assertArrayEquals(Arrays.copyOfRange(content, 100, 200), fd.read(100));
            assertArrayEquals(Arrays.copyOfRange(content, 5000, 5100), fd.pread(5000, 100));
            // pread does not move the file offset
            assertArrayEquals(Arrays.copyOfRange(content, 200, 210), fd.read(10));
            // short read at the end of the file
            assertArrayEquals(Arrays.copyOfRange(content, 9990, 10_000), fd.pread(9990, 100));
            assertEquals(0, fd.pread(20_000, 10).length);
            // the descriptor is close-on-exec
            String fdinfo = Files.readString(Path.of("/proc/self/fdinfo/" + fd.fd()));
            int flags = Integer.parseInt(fdinfo.lines().filter(l -> l.startsWith("flags:")).findFirst().orElseThrow()
                    .substring(6).trim(), 8);
            assertEquals(NativeFd.O_CLOEXEC, flags & NativeFd.O_CLOEXEC);
        }
    }

    @Test
    void openErrorsNameThePathAndErrno(@TempDir Path dir) {
        SyscallException e = assertThrows(SyscallException.class,
                () -> NativeFd.open(dir.resolve("missing").toString(), NativeFd.O_RDONLY));
        assertEquals("open " + dir.resolve("missing") + " failed: ENOENT", e.getMessage());
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void closeIsIdempotentAndReleasesTheDescriptor(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        NativeFd fd = NativeFd.open(file.toString(), NativeFd.O_RDONLY);
        int n = fd.fd();
        assertTrue(Files.exists(Path.of("/proc/self/fd/" + n)));
        fd.close();
        fd.close();
        assertThrows(IllegalStateException.class, fd::fd);
        assertTrue(!Files.exists(Path.of("/proc/self/fd/" + n)) || !Files.readSymbolicLink(Path.of("/proc/self/fd/" + n))
                .equals(file));
    }

    @Test
    void writeAll(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w");
        try (NativeFd fd = NativeFd.open(file.toString(), NativeFd.O_WRONLY | NativeFd.O_CREAT | NativeFd.O_EXCL, 0600)) {
            fd.writeAll("hello".getBytes());
        }
        assertEquals("hello", Files.readString(file));
    }
}
