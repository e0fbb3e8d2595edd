package io.northstar.runtime.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.northstar.manifest.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistDirTest {
    @Test
    void createsAndOwnsTheDirectoryOnEveryStart(@TempDir Path tmp) throws Exception {
        assumeTrue(jnr.posix.POSIXFactory.getNativePOSIX().getuid() == 0, "chown to the container uid needs root");
        SandboxDirs dirs = new SandboxDirs(tmp.resolve("run"), tmp.resolve("data"), tmp.resolve("sockets"));
        Manifest m = Manifest.parse("name: keeper\nversion: 0.0.1\ninit: /x\nuid: 1234\ngid: 2345\n"
                + "mounts:\n  /data: {type: persist}\n");
        Path dir = PersistDir.prepare(dirs, m).orElseThrow();
        assertEquals(tmp.resolve("data/keeper"), dir);
        assertEquals(1234, Files.getAttribute(dir, "unix:uid"));
        assertEquals(2345, Files.getAttribute(dir, "unix:gid"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        // re-chowned and re-chmodded on the next start
        Files.setAttribute(dir, "unix:uid", 0);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        PersistDir.prepare(dirs, m);
        assertEquals(1234, Files.getAttribute(dir, "unix:uid"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        // without a persist mount nothing is created
        Manifest none = Manifest.parse("name: other\nversion: 0.0.1\ninit: /x\nuid: 1\ngid: 1\n");
        assertEquals(Optional.empty(), PersistDir.prepare(dirs, none));
        assertEquals(false, Files.exists(tmp.resolve("data/other")));
    }
}
