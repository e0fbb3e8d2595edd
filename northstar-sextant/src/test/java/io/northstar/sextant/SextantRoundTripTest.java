package io.northstar.sextant;

import io.northstar.npk.Npk;
import io.northstar.npk.key.VerifyingKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gen-key, pack, inspect and unpack with the real mksquashfs/unsquashfs, as
 * root: the unpacked tree has the same files and modes, every file owned by
 * the manifest's uid/gid, plus the mount points and /dev nodes.
 */
class SextantRoundTripTest {
    static final String MANIFEST = """
            name: round-trip
            version: 1.2.3
            init: /bin/app
            uid: 1000
            gid: 1001
            mounts:
              /dev:
                type: dev
              /proc:
                type: proc
              /lib:
                type: bind
                host: /lib
              /data:
                type: persist
              /var/run/sock:
                type: sockets
            """;

    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void requireTools() throws Exception {
        Tools.assumeSquashfs("SextantRoundTripTest");
        root = Files.createDirectory(tmp.resolve("root"));
        Files.createDirectories(root.resolve("bin"));
        write("bin/app", "#!/bin/sh\necho hello\n", "rwxr-xr-x");
        write("etc/config", "key=value\n", "rw-r--r--");
        write("etc/secret", "s3cret\n", "rw-------");
        write("etc/setuid-looking", "x", "rwsr-xr-x");
        Files.createDirectories(root.resolve("var/empty"));
        Files.setPosixFilePermissions(root.resolve("var/empty"), PosixFilePermissions.fromString("rwx------"));
        // The sockets mount /var/run/sock makes a "/var d 755" line; an existing /var keeps its own mode.
        Files.setPosixFilePermissions(root.resolve("var"), PosixFilePermissions.fromString("rwx--x---"));
        Files.createSymbolicLink(root.resolve("bin/link"), Path.of("app"));
        byte[] big = new byte[3 << 20];
        new Random(1).nextBytes(big);
        Files.write(root.resolve("blob.bin"), big);
        Files.write(tmp.resolve("manifest.yaml"), MANIFEST.getBytes(StandardCharsets.UTF_8));
    }

    private void write(String path, String content, String mode) throws Exception {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode.replace('s', 'x')));
        if (mode.contains("s")) {
            new ProcessBuilder("chmod", "u+s", p.toString()).start().waitFor();
        }
    }

    @Test
    void genKeyPackInspectUnpack() throws Exception {
        Path keys = Files.createDirectory(tmp.resolve("keys"));
        Path out = Files.createDirectory(tmp.resolve("out"));
        assertEquals(0, SextantRun.of("gen-key", "--name", "repo", "--out", keys.toString()).exitCode());

        SextantRun pack = SextantRun.of("pack", "-m", tmp.resolve("manifest.yaml").toString(), "-r", root.toString(),
                "-k", keys.resolve("repo.key").toString(), "-o", out.toString());
        assertEquals(0, pack.exitCode(), pack.toString());
        assertEquals("", pack.out());
        Path npk = out.resolve("round-trip-1.2.3.npk");
        assertTrue(Files.isRegularFile(npk), pack.toString());
        try (var files = Files.list(out)) {
            assertEquals(List.of(npk), files.toList(), "no temporary files left in the output directory");
        }

        VerifyingKey pub = VerifyingKey.read(keys.resolve("repo.pub"));
        try (FileChannel ch = FileChannel.open(npk, StandardOpenOption.READ)) {
            Npk loaded = Npk.readVerified(ch, pub);
            loaded.verifyImage(ch);
            assertEquals(1000, loaded.manifest().uid());
            assertTrue(loaded.verity().orElseThrow().dataBlocks() > 128, "a multi-level tree is exercised");
        }

        SextantRun inspectShort = SextantRun.of("inspect", "--short", npk.toString());
        assertEquals("name: round-trip, version: 1.2.3, NPK version: 0.9.3, resource container: no\n", inspectShort.out());

        SextantRun inspect = SextantRun.of("inspect", "-k", keys.resolve("repo.pub").toString(), npk.toString());
        assertEquals(0, inspect.exitCode(), inspect.toString());
        assertTrue(inspect.out().startsWith("# inspection of '" + npk + "'\n## NPK Content\nmanifest.yaml\nsignature.yaml\nfs.img\n\n"),
                inspect.out());
        assertTrue(inspect.out().contains("## signature.yaml\nmeta:\n  hash: a133e6b6"), inspect.out());
        assertTrue(inspect.out().contains("signature: valid (key " + pub.hex() + ")"), inspect.out());
        assertTrue(inspect.out().contains("squashfs-root/bin/app"), inspect.out());

        Path unpacked = tmp.resolve("unpacked");
        SextantRun unpack = SextantRun.of("unpack", "-n", npk.toString(), "-o", unpacked.toString());
        assertEquals(0, unpack.exitCode(), unpack.toString());
        try (var files = Files.list(unpacked)) {
            assertEquals(List.of("manifest.yaml", "root", "signature.yaml"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Path extracted = unpacked.resolve("root");

        Map<String, Entry> source = tree(root);
        Map<String, Entry> result = tree(extracted);
        for (Map.Entry<String, Entry> e : source.entrySet()) {
            Entry got = result.get(e.getKey());
            assertTrue(got != null, "missing " + e.getKey());
            assertEquals(e.getValue().type(), got.type(), e.getKey());
            assertEquals(e.getValue().mode(), got.mode(), e.getKey() + " mode");
            assertArrayEquals(e.getValue().content(), got.content(), e.getKey() + " content");
            assertEquals(1000, got.uid(), e.getKey() + " uid");
            assertEquals(1001, got.gid(), e.getKey() + " gid");
        }
        // Mount points and /dev from the pseudo definitions, also owned by uid/gid.
        assertEquals(new Entry("dir", 0555, null, 1000, 1001, 0), result.get("lib").withoutContent());
        assertEquals(new Entry("dir", 0444, null, 1000, 1001, 0), result.get("proc").withoutContent());
        assertEquals(new Entry("dir", 0755, null, 1000, 1001, 0), result.get("data").withoutContent());
        assertEquals(new Entry("dir", 0755, null, 1000, 1001, 0), result.get("var/run/sock").withoutContent());
        assertEquals(0710, result.get("var").mode(), "an existing directory keeps its own mode");
        Map<String, int[]> devices = Map.of("dev/null", new int[] {1, 3}, "dev/zero", new int[] {1, 5},
                "dev/full", new int[] {1, 7}, "dev/random", new int[] {1, 8}, "dev/urandom", new int[] {1, 9},
                "dev/tty", new int[] {5, 0});
        for (Map.Entry<String, int[]> d : devices.entrySet()) {
            Entry e = result.get(d.getKey());
            assertEquals("char", e.type(), d.getKey());
            assertEquals(0666, e.mode(), d.getKey());
            assertEquals(1000, e.uid());
            long rdev = e.rdev();
            assertEquals(d.getValue()[0], (rdev >> 8) & 0xfff, d.getKey() + " major");
            assertEquals(d.getValue()[1], (rdev & 0xff) | ((rdev >> 12) & 0xfff00), d.getKey() + " minor");
        }
        assertEquals(Path.of("/proc/self/fd/1"), Files.readSymbolicLink(extracted.resolve("dev/stdout")));
        assertEquals(Path.of("/proc/self/fd"), Files.readSymbolicLink(extracted.resolve("dev/fd")));
        assertFalse(result.containsKey("proc/self"), "/proc/self/fd has no parent line and is dropped, as by Northstar");
        Map<String, Entry> expectedOnly = new TreeMap<>(result);
        expectedOnly.keySet().removeAll(source.keySet());
        assertEquals(List.of("data", "dev", "dev/fd", "dev/full", "dev/null", "dev/random", "dev/stderr", "dev/stdin",
                "dev/stdout", "dev/tty", "dev/urandom", "dev/zero", "lib", "proc", "var/run", "var/run/sock"),
                List.copyOf(expectedOnly.keySet()));
    }

    @Test
    void unsignedPackWithoutRootAndOtherCompression() throws Exception {
        Path npk = tmp.resolve("explicit-name.npk");
        SextantRun pack = SextantRun.of("pack", "-m", tmp.resolve("manifest.yaml").toString(), "-o", npk.toString(),
                "-c", "none", "-b", "4096");
        assertEquals(0, pack.exitCode(), pack.toString());
        Npk loaded = Npk.read(npk, Optional.empty());
        assertTrue(loaded.signatureEntry().isEmpty());
        assertEquals(List.of("manifest.yaml", "fs.img"), loaded.entryNames());
        SextantRun inspect = SextantRun.of("inspect", npk.toString());
        assertTrue(inspect.out().contains("No signature found"), inspect.out());
        assertTrue(inspect.out().contains("squashfs-root/dev/null"), inspect.out());
        assertFalse(inspect.out().contains("squashfs-root/bin"), "no root directory: only the pseudo entries");
    }

    @Test
    void tomlAndJsonManifestsAndClones() throws Exception {
        Path toml = tmp.resolve("manifest.toml");
        Files.writeString(toml, "name = \"clone\"\nversion = \"0.0.1\"\ninit = \"/bin/app\"\nuid = 1\ngid = 1\n");
        Path out = Files.createDirectory(tmp.resolve("clones"));
        SextantRun pack = SextantRun.of("pack", "-m", toml.toString(), "-r", root.toString(), "-o", out.toString(), "--clones", "10");
        assertEquals(0, pack.exitCode(), pack.toString());
        try (var files = Files.list(out)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(10, names.size());
            assertEquals("clone-00-0.0.1.npk", names.get(0));
            assertEquals("clone-09-0.0.1.npk", names.get(9));
        }
        assertEquals("clone-07", Npk.read(out.resolve("clone-07-0.0.1.npk"), Optional.empty()).manifest().name().value());

        Path json = tmp.resolve("manifest.json");
        Files.writeString(json, "{\"name\": \"res\", \"version\": \"0.0.1\", \"uid\": 1, \"gid\": 1}");
        Path resOut = Files.createDirectory(tmp.resolve("res"));
        assertEquals(0, SextantRun.of("pack", "-m", json.toString(), "-r", root.toString(), "-o", resOut.toString(),
                "--clones", "3").exitCode());
        try (var files = Files.list(resOut)) {
            assertEquals(List.of("res-0.0.1.npk"), files.map(p -> p.getFileName().toString()).toList(),
                    "a resource container is packed once");
        }
        assertEquals("name: res, version: 0.0.1, NPK version: 0.9.3, resource container: yes\n",
                SextantRun.of("inspect", "-s", resOut.resolve("res-0.0.1.npk").toString()).out());
    }

    record Entry(String type, int mode, byte[] content, int uid, int gid, long rdev) {
        Entry withoutContent() {
            return new Entry(type, mode, null, uid, gid, rdev);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && type.equals(e.type) && mode == e.mode && uid == e.uid && gid == e.gid
                    && rdev == e.rdev && java.util.Arrays.equals(content, e.content);
        }

        @Override
        public int hashCode() {
            return type.hashCode();
        }
    }

    static Map<String, Entry> tree(Path base) throws Exception {
        Map<String, Entry> result = new TreeMap<>();
        try (var walk = Files.walk(base)) {
            for (Path p : walk.toList()) {
                if (p.equals(base)) {
                    continue;
                }
                String rel = base.relativize(p).toString();
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,rdev", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                String type;
                byte[] content = null;
                switch (mode & 0170000) {
                    case 0040000 -> type = "dir";
                    case 0120000 -> {
                        type = "symlink";
                        content = Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8);
                    }
                    case 0020000 -> type = "char";
                    case 0100000 -> {
                        type = "file";
                        content = Files.readAllBytes(p);
                    }
                    default -> type = "other";
                }
                result.put(rel, new Entry(type, type.equals("symlink") ? 0777 : mode & 07777, content,
                        (Integer) a.get("uid"), (Integer) a.get("gid"), (Long) a.get("rdev")));
            }
        }
        return result;
    }
}
