package io.northstar.sextant;

import io.northstar.npk.FsImage;
import io.northstar.npk.Npk;
import io.northstar.npk.key.VerifyingKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sextant pack} with the built-in squashfs writer: reproducible NPKs,
 * and the mount points and labelled /dev nodes of the manifest in the image
 * the kernel mounts, without squashfs-tools.
 */
class JavaPackTest {
    static final String MANIFEST = """
            name: labelled
            version: 0.1.0
            init: /bin/app
            uid: 1000
            gid: 1001
            mounts:
              /dev:
                type: dev
              /proc:
                type: proc
              /data:
                type: persist
            """;

    @TempDir
    Path tmp;
    Path root;
    Path manifest;
    Path key;

    @BeforeEach
    void tree() throws Exception {
        root = Files.createDirectories(tmp.resolve("root/bin"));
        Files.writeString(root.resolve("app"), "#!/bin/sh\necho hi\n");
        Files.write(root.resolve("blob"), new byte[300_000]);
        root = tmp.resolve("root");
        manifest = Files.writeString(tmp.resolve("manifest.yaml"), MANIFEST);
        Path keys = Files.createDirectory(tmp.resolve("keys"));
        assertEquals(0, SextantRun.of("gen-key", "-n", "k", "-o", keys.toString()).exitCode());
        key = keys.resolve("k.key");
    }

    private Path pack(String name, String... extra) {
        Path out = tmp.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("pack", "-m", manifest.toString(), "-r", root.toString(),
                "-k", key.toString(), "-o", out.toString()));
        args.addAll(List.of(extra));
        SextantRun run = SextantRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("", run.err(), "no warning: the Java writer stores the labels");
        return out;
    }

    @Test
    void theSameTreeAndManifestGiveByteIdenticalNpks() throws Exception {
        for (String compression : List.of("gzip", "zstd", "xz", "none")) {
            Path first = pack("first-" + compression + ".npk", "-c", compression);
            // Other file times on disk, the same NPK: entry times are fixed unless --keep-mtimes.
            Files.setLastModifiedTime(root.resolve("bin/app"), FileTime.fromMillis(System.currentTimeMillis() + 86_400_000L));
            Path second = pack("second-" + compression + ".npk", "-c", compression);
            assertEquals(-1L, Files.mismatch(first, second), compression + ": byte-identical NPKs");
            try (FileChannel ch = FileChannel.open(second, StandardOpenOption.READ)) {
                Npk npk = Npk.readVerified(ch, VerifyingKey.read(tmp.resolve("keys/k.pub")));
                npk.verifyImage(ch);
            }
        }
        Path later = pack("later.npk", "--mtime", "1700000000");
        assertTrue(Files.mismatch(tmp.resolve("first-gzip.npk"), later) >= 0, "another --mtime, another image");
    }

    @Test
    void inspectShowsHostileFileNamesEscaped() throws Exception {
        Tools.assumeSquashfs("JavaPackTest#inspectShowsHostileFileNamesEscaped");
        // a name that would clear the screen and forge a line of the listing
        Files.writeString(root.resolve("x\u001b[2J\rforged"), "");
        Path npk = pack("hostile.npk");
        SextantRun run = SextantRun.of("inspect", npk.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("x\\x1b[2J\\rforged"), run.out());
        assertTrue(run.out().chars().noneMatch(c -> c == 0x1b || c == '\r'), run.out());
    }

    @Test
    void mountPointsAndLabelledDevNodesAreInTheMountedImage() throws Exception {
        Optional<String> missing = Tools.squashfsUnavailable();
        if (missing.isEmpty() && Tools.find("python3").isEmpty()) {
            missing = Optional.of("python3 not installed (reads the xattrs)");
        }
        Tools.assumeAvailable("JavaPackTest", missing);

        Path npk = pack("labelled.npk", "--mtime", "1700000000", "-c", "zstd");
        Path image = extract(npk);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        run("mount", "-t", "squashfs", "-o", "loop,ro", image.toString(), mnt.toString());
        try {
            Map<String, Object> nul = Files.readAttributes(mnt.resolve("dev/null"), "unix:*", LinkOption.NOFOLLOW_LINKS);
            assertEquals(0020666, (int) nul.get("mode"));
            assertEquals((1L << 8) | 3L, (long) nul.get("rdev"));
            assertEquals(1000, nul.get("uid"));
            assertEquals(1001, nul.get("gid"));
            assertEquals(FileTime.fromMillis(1_700_000_000_000L), nul.get("lastModifiedTime"));
            assertEquals(0040444, (int) Files.getAttribute(mnt.resolve("proc"), "unix:mode"));
            assertEquals(0040755, (int) Files.getAttribute(mnt.resolve("data"), "unix:mode"));
            assertEquals(Path.of("/proc/self/fd"), Files.readSymbolicLink(mnt.resolve("dev/fd")));
            assertEquals(FileTime.fromMillis(1_700_000_000_000L), Files.getLastModifiedTime(mnt.resolve("bin/app")));
            assertEquals("u:object_r:full_device:s0", xattr(mnt.resolve("dev/null")), "Northstar's label for null");
            assertEquals("u:object_r:zero_device:s0", xattr(mnt.resolve("dev/zero")));
            assertEquals("u:r:su:s0", xattr(mnt.resolve("dev/stderr")));
            assertEquals("#!/bin/sh\necho hi\n", Files.readString(mnt.resolve("bin/app")));
            assertEquals(ByteBuffer.wrap(new byte[300_000]), ByteBuffer.wrap(Files.readAllBytes(mnt.resolve("bin/blob"))));
        } finally {
            run("umount", mnt.toString());
        }
    }

    @Test
    void mksquashfsOptionBuildsWithTheExternalTool() throws Exception {
        Path fake = Files.writeString(tmp.resolve("fake-mksquashfs"),
                "#!/bin/sh\nif [ \"$1\" = -version ]; then echo 'mksquashfs version 4.6.1 (2023/03/25)'; exit 0; fi\n"
                        + "echo called > " + tmp.resolve("called") + "\necho 'FATAL ERROR: fake' >&2; exit 1\n");
        fake.toFile().setExecutable(true);
        SextantRun run = SextantRun.of("pack", "-m", manifest.toString(), "-r", root.toString(), "-o", tmp.toString(),
                "--mksquashfs", fake.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals("sextant: " + fake + " failed (exit code 1): FATAL ERROR: fake\n", run.err());
        assertTrue(Files.exists(tmp.resolve("called")));
        SextantRun mtime = SextantRun.of("pack", "-m", manifest.toString(), "-o", tmp.toString(), "--mksquashfs", "--mtime", "1");
        assertEquals(1, mtime.exitCode(), mtime.toString());
        assertTrue(mtime.err().startsWith("sextant: --mtime and --keep-mtimes are options of the built-in writer"), mtime.toString());
    }

    @Test
    void realMksquashfsStillPacksOnRequest() throws Exception {
        Tools.assumeSquashfs("JavaPackTest");
        Path out = tmp.resolve("external.npk");
        SextantRun run = SextantRun.of("pack", "-m", manifest.toString(), "-r", root.toString(), "-k", key.toString(),
                "-o", out.toString(), "--mksquashfs");
        assertEquals(0, run.exitCode(), run.toString());
        String version = run("mksquashfs", "-version");
        if (MksquashfsVersion.parse(version).supportsStdinAndXattrPseudo()) {
            assertEquals("", run.err());
        } else {
            assertTrue(run.err().startsWith("sextant: warning: mksquashfs 4.5 cannot write xattr pseudo definitions"), run.toString());
        }
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.READ)) {
            Npk.readVerified(ch, VerifyingKey.read(tmp.resolve("keys/k.pub"))).verifyImage(ch);
        }
        String listing = run("unsquashfs", "-lln", "-d", "", extract(out).toString());
        assertTrue(listing.contains(" /dev/null\n"), listing);
    }

    @Test
    void invalidBlockSizeIsAOneLineError() throws Exception {
        SextantRun run = SextantRun.of("pack", "-m", manifest.toString(), "-r", root.toString(), "-o", tmp.toString(), "-b", "5000");
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals("sextant: --block-size 5000 is not a power of two from 4096 to 1048576\n", run.err());
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".npk")), "nothing written");
        }
    }

    private Path extract(Path npk) throws Exception {
        FsImage fs = Npk.read(npk, Optional.empty()).fsImage();
        Path image = tmp.resolve(npk.getFileName() + ".img");
        try (FileChannel in = FileChannel.open(npk, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            in.transferTo(fs.offset(), fs.size(), out);
        }
        return image;
    }

    private static String xattr(Path p) throws Exception {
        return run("python3", "-c", "import os,sys; sys.stdout.write(os.getxattr(sys.argv[1], 'security.selinux', follow_symlinks=False).decode())",
                p.toString());
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        return out;
    }
}
