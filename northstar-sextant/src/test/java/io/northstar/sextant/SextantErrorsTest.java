package io.northstar.sextant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Errors are one line on stderr with a non-zero exit, and leave nothing behind. */
class SextantErrorsTest {
    @TempDir
    Path tmp;

    private static void assertOneLineError(SextantRun run, int exitCode, String expectedStart) {
        assertEquals(exitCode, run.exitCode(), run.toString());
        assertEquals(1, run.err().lines().count(), "one line: " + run);
        assertTrue(run.err().startsWith(expectedStart), run.toString());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run);
    }

    private Path manifest() throws Exception {
        return Files.writeString(tmp.resolve("manifest.yaml"), "name: e\nversion: 0.0.1\ninit: /e\nuid: 1\ngid: 1\n");
    }

    @Test
    void usageErrors() {
        assertOneLineError(SextantRun.of("pack", "-o", "x"), 2, "sextant pack: Missing required option: '--manifest-path=PATH'");
        assertOneLineError(SextantRun.of("frobnicate"), 2, "sextant: Unmatched argument at index 0: 'frobnicate'");
        assertOneLineError(SextantRun.of("pack", "-m", "m", "-o", "o", "-c", "brotli"), 2, "sextant pack: Invalid value for option '--compression'");
    }

    @Test
    void versionAndHelp() {
        SextantRun version = SextantRun.of("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("northstar-sextant 0.9.3-pre (Northstar for Java)\n"), version.out());
        assertTrue(version.out().contains("(" + System.getProperty("java.home") + ")"), version.out());
        SextantRun help = SextantRun.of("pack", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--manifest-path"), help.out());
    }

    @Test
    void missingAndInvalidManifest() throws Exception {
        Path out = Files.createDirectory(tmp.resolve("out"));
        assertOneLineError(SextantRun.of("pack", "-m", tmp.resolve("nope.yaml").toString(), "-o", out.toString()), 1,
                "sextant: manifest " + tmp.resolve("nope.yaml") + " does not exist");
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "name: x\nversion: 0.0.1\n");
        assertOneLineError(SextantRun.of("pack", "-m", bad.toString(), "-o", out.toString()), 1,
                "sextant: manifest " + bad + ": failed to parse manifest: missing field `uid`");
        assertEmpty(out);
    }

    @Test
    void missingRootKeyAndOutputDirectory() throws Exception {
        Path m = manifest();
        Path out = Files.createDirectory(tmp.resolve("out"));
        assertOneLineError(SextantRun.of("pack", "-m", m.toString(), "-r", tmp.resolve("no-root").toString(), "-o", out.toString()),
                1, "sextant: root directory " + tmp.resolve("no-root") + " does not exist");
        assertOneLineError(SextantRun.of("pack", "-m", m.toString(), "-k", tmp.resolve("no.key").toString(), "-o", out.toString()),
                1, "sextant: key file " + tmp.resolve("no.key") + " does not exist");
        Path shortKey = Files.write(tmp.resolve("short.key"), new byte[5]);
        assertOneLineError(SextantRun.of("pack", "-m", m.toString(), "-k", shortKey.toString(), "-o", out.toString()),
                1, "sextant: key file " + shortKey + " has 5 bytes");
        assertOneLineError(SextantRun.of("pack", "-m", m.toString(), "-o", tmp.resolve("a/b/c.npk").toString()),
                1, "sextant: output directory " + tmp.resolve("a/b") + " does not exist");
        assertEmpty(out);
    }

    @Test
    void missingOrTooOldMksquashfs() throws Exception {
        Path m = manifest();
        Path out = Files.createDirectory(tmp.resolve("out"));
        assertOneLineError(SextantRun.of("pack", "-m", m.toString(), "-o", out.toString(), "--mksquashfs", "/nonexistent/mksquashfs"),
                1, "sextant: cannot run /nonexistent/mksquashfs: No such file or directory");
        Path old = script("old-mksquashfs", "echo 'mksquashfs version 4.4 (2019/08/29)'");
        assertOneLineError(SextantRun.of("pack", "-m", m.toString(), "-o", out.toString(), "--mksquashfs", old.toString()),
                1, "sextant: Detected mksquashfs version 4.4 is too old. The required minimum version is 4.5");
        Path failing = script("failing-mksquashfs",
                "if [ \"$1\" = -version ]; then echo 'mksquashfs version 4.5.1 (2022/03/17)'; exit 0; fi\n"
                        + "echo 'lots of output'; echo 'FATAL ERROR: disk on fire' >&2; exit 1");
        assertOneLineError(SextantRun.of("pack", "-m", m.toString(), "-o", out.toString(), "--mksquashfs", failing.toString()),
                1, "sextant: " + failing + " failed (exit code 1): FATAL ERROR: disk on fire");
        assertEmpty(out);
    }

    @Test
    void genKeyRefusesToOverwrite() throws Exception {
        assertEquals(0, SextantRun.of("gen-key", "-n", "k", "-o", tmp.toString()).exitCode());
        byte[] before = Files.readAllBytes(tmp.resolve("k.key"));
        assertOneLineError(SextantRun.of("gen-key", "-n", "k", "-o", tmp.toString()), 1,
                "sextant: " + tmp.resolve("k.key") + " already exists: refusing to overwrite an existing key file");
        assertEquals(List.of(before.length), List.of(Files.readAllBytes(tmp.resolve("k.key")).length));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(tmp.resolve("k.key"))));
        assertOneLineError(SextantRun.of("gen-key", "-n", "k", "-o", tmp.resolve("nodir").toString()), 1,
                "sextant: output directory " + tmp.resolve("nodir") + " does not exist");
    }

    @Test
    void inspectAndUnpackOfBrokenNpks() throws Exception {
        Path garbage = Files.writeString(tmp.resolve("garbage.npk"), "not a zip");
        assertOneLineError(SextantRun.of("inspect", "-s", garbage.toString()), 1,
                "sextant: " + garbage + ": not a zip archive");
        assertOneLineError(SextantRun.of("inspect", tmp.resolve("missing.npk").toString()), 1,
                "sextant: NPK " + tmp.resolve("missing.npk") + " does not exist");
        Path out = tmp.resolve("unpacked");
        assertOneLineError(SextantRun.of("unpack", "-n", garbage.toString(), "-o", out.toString()), 1,
                "sextant: " + garbage + ": not a zip archive");
        assertFalse(Files.exists(out), "unpack leaves nothing behind");
    }

    @Test
    void inspectWithWrongKeyOrTamperedImageNamesThePart() throws Exception {
        byte[] hello = SextantErrorsTest.class.getResourceAsStream("/npk/hello-0.0.2.npk").readAllBytes();
        Path npk = Files.write(tmp.resolve("hello.npk"), hello);
        Path pub = Files.write(tmp.resolve("northstar.pub"),
                SextantErrorsTest.class.getResourceAsStream("/npk/northstar.pub").readAllBytes());
        Path other = tmp.resolve("keys");
        Files.createDirectory(other);
        assertEquals(0, SextantRun.of("gen-key", "-n", "other", "-o", other.toString()).exitCode());
        assertOneLineError(SextantRun.of("inspect", "-k", other.resolve("other.pub").toString(), npk.toString()), 1,
                "sextant: " + npk + ": signature.yaml: invalid signature");
        hello[4096 + 100] ^= 1;
        Path tampered = Files.write(tmp.resolve("tampered.npk"), hello);
        SextantRun run = SextantRun.of("inspect", "-k", pub.toString(), tampered.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("sextant: " + tampered + ": fs.img: verity: data block 0 "), run.toString());
    }

    @Test
    void verboseShowsTheStackTrace() throws Exception {
        Path garbage = Files.writeString(tmp.resolve("garbage.npk"), "not a zip");
        SextantRun run = SextantRun.of("inspect", "--verbose", "-s", garbage.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("\tat io.northstar"), run.toString());
    }

    @Test
    void mksquashfs46GetsNorthstarsExactCommandAndStdin() throws Exception {
        // A stand-in for squashfs-tools 4.6: records arguments and stdin, then builds the image with the
        // installed 4.5.1 from a file without the xattr lines.
        Tools.assumeSquashfs("mksquashfs 4.6 command test");
        Path record = Files.createDirectory(tmp.resolve("record"));
        Path fake = script("mksquashfs-4.6", """
                if [ "$1" = -version ]; then echo 'mksquashfs version 4.6.1 (2023/03/25)'; exit 0; fi
                R=%s
                printf '%%s\\n' "$@" > "$R/args"
                cat > "$R/stdin"
                grep -v ' x ' "$R/stdin" > "$R/pseudo"
                prev=
                for a do
                  shift
                  if [ "$prev" = -pf ] && [ "$a" = - ]; then set -- "$@" "$R/pseudo"; else set -- "$@" "$a"; fi
                  prev=$a
                done
                exec mksquashfs "$@"
                """.formatted(record));
        Path m = Files.writeString(tmp.resolve("hello-world.yaml"), PseudoDefinitionsTest.HELLO_WORLD);
        Path root = Files.createDirectory(tmp.resolve("root"));
        Path npk = tmp.resolve("hw.npk");
        SextantRun run = SextantRun.of("pack", "-m", m.toString(), "-r", root.toString(), "-o", npk.toString(),
                "--mksquashfs", fake.toString(), "-b", "65536", "-c", "xz");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("", run.err(), "no xattr warning with 4.6");
        assertEquals(PseudoDefinitionsTest.SPEC_STDIN, Files.readString(record.resolve("stdin"), StandardCharsets.UTF_8));
        List<String> args = Files.readAllLines(record.resolve("args"));
        assertEquals(List.of(root.toString()), args.subList(0, 1));
        assertEquals(List.of("-noappend", "-no-progress", "-info", "-force-uid", "1000", "-force-gid", "1000", "-pf", "-",
                "-b", "65536", "-comp", "xz"), args.subList(2, args.size()));
        assertTrue(Files.isRegularFile(npk));
    }

    private Path script(String name, String body) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static void assertEmpty(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }
}
