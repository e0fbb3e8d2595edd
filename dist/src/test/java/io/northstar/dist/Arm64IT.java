package io.northstar.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * arm64: the forker's C tests, cross-compiled with Debian's gcc-aarch64-linux-gnu, pass under
 * qemu-user; the arm64 release carries an aarch64 forker and no Java runtime.
 */
class Arm64IT {
    static final int EM_AARCH64 = 183;

    @TempDir
    Path work;

    @BeforeAll
    static void tools() throws Exception {
        assumeTrue(Release.hostArch().equals("amd64"), "arm64 artifacts are cross-built on amd64 machines");
        assumeTrue(Command.available("aarch64-linux-gnu-gcc"),
                "aarch64-linux-gnu-gcc is missing (scripts/install-deps installs gcc-aarch64-linux-gnu)");
    }

    @Test
    void forkerTestsPassUnderQemu() throws Exception {
        assumeTrue(Command.available("qemu-aarch64"), "qemu-aarch64 is missing (scripts/install-deps installs qemu-user)");
        // Static: qemu-user then needs no aarch64 libc of the machine.
        Command build = Command.run(List.of(Release.TOP.resolve("northstar-runtime/build-native").toString(),
                "--tests", work.toString()), Map.of("CC", "aarch64-linux-gnu-gcc", "LDFLAGS", "-static"), null);
        assertEquals(0, build.exit(), build.toString());
        assertEquals(EM_AARCH64, elfMachine(work.resolve("wire-test")));
        Command test = Command.run(List.of("qemu-aarch64", work.resolve("wire-test").toString()));
        assertEquals(0, test.exit(), test.toString());
        assertTrue(test.out().matches("(?s).*wire-test: [1-9][0-9]* passed, 0 failed\n"), test.toString());
    }

    @Test
    void theArm64ReleaseHasAnAarch64ForkerAndUsesTheBoardsJava() throws Exception {
        Path top = Release.unpack(Release.tarball("arm64"), work.resolve("arm64"));
        assertEquals(EM_AARCH64, elfMachine(top.resolve("lib/native/northstar-forker")));
        assertFalse(Files.exists(top.resolve("runtime")), "no arm64 JDK here to link a runtime from");
        assertTrue(Files.readString(top.resolve("install.md")).contains("arm64"));
        Command control = Command.run(List.of("dpkg-deb", "--field", Release.deb("arm64").toString(),
                "Architecture", "Recommends"));
        assertEquals("Architecture: arm64\nRecommends: libssl3t64 | libssl3, openjdk-21-jre-headless | java21-runtime-headless\n", control.out(),
                control.toString());
        Command contents = Command.run(List.of("dpkg-deb", "--contents", Release.deb("arm64").toString()));
        assertTrue(contents.out().contains("./usr/lib/northstar/lib/native/northstar-forker"), contents.toString());
        assertFalse(contents.out().contains("./usr/lib/northstar/runtime/"), contents.toString());
    }

    static int elfMachine(Path file) throws IOException {
        byte[] header = Files.readAllBytes(file);
        assertTrue(header.length > 20 && header[0] == 0x7f && header[1] == 'E' && header[2] == 'L' && header[3] == 'F',
                file + " is no ELF file");
        return ByteBuffer.wrap(header, 18, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
    }
}
