package io.northstar.sextant.squashfs;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Images of trees made of every file type, checked by the kernel (loop mount,
 * every file and attribute read back) and by squashfs-tools
 * ({@code unsquashfs -stat}, {@code -lln} and extraction).
 */
class SquashfsWriterTest {
    static final int BLOCK = 128 * 1024;

    @TempDir
    Path tmp;

    @BeforeEach
    void requireKernelAndTools() {
        Optional<String> missing = MountedImage.unavailable();
        missing.ifPresent(reason -> System.out.println("SquashfsWriterTest skipped: " + reason));
        assumeTrue(missing.isEmpty(), missing.orElse(""));
    }

    static Compressor compressor(String name) {
        return switch (name) {
            case "gzip" -> new Compressor.Gzip();
            case "zstd" -> new Compressor.Zstd();
            case "xz" -> new Compressor.Xz(BLOCK);
            case "none" -> new Compressor.Stored();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Attributes attrs(int mode, int uid, int gid, long mtime) {
        return new Attributes(mode, uid, gid, mtime);
    }

    private static Node.RegularFile file(int mode, byte[] content) {
        return new Node.RegularFile(attrs(mode, 1000, 1000, 1_600_000_000L), new Node.Content.InMemory(content));
    }

    private static Node.Directory dir(Node.Directory parent, String name, int mode) {
        Node.Directory d = Node.Directory.empty(attrs(mode, 0, 0, 1_650_000_000L));
        parent.put(name, d);
        return d;
    }

    /** Half random, half text: some blocks are stored, some compressed. */
    private static byte[] mixed(int size, long seed) {
        byte[] b = new byte[size];
        Random r = new Random(seed);
        for (int i = 0; i < size; i += BLOCK) {
            int n = Math.min(BLOCK, size - i);
            if ((i / BLOCK) % 2 == 0) {
                byte[] chunk = new byte[n];
                r.nextBytes(chunk);
                System.arraycopy(chunk, 0, b, i, n);
            } else {
                byte[] text = ("line " + i + " of a compressible block\n").repeat(n / 20 + 1).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(text, 0, b, i, n);
            }
        }
        return b;
    }

    /** Every file type, hard links, xattrs on every type, large, sparse, empty, deep, wide. */
    static Node.Directory everyKind() {
        Node.Directory root = Node.Directory.empty(new Attributes(0755, 0, 0, 1_700_000_000L).withXattr("user.root", "yes".getBytes()));
        Node.Directory bin = dir(root, "bin", 0755);
        bin.put("app", file(0755, "#!/bin/sh\necho hello\n".getBytes()));
        bin.put("setuid", file(04755, "s".getBytes()));
        Node.Directory data = dir(root, "data", 0750);
        data.put("large", file(0644, mixed(3 * BLOCK + 1234, 1)));
        data.put("exact", file(0600, mixed(2 * BLOCK, 2)));
        byte[] sparse = new byte[2 * BLOCK + 17];
        sparse[sparse.length - 1] = 7;
        data.put("sparse", file(0644, sparse));
        data.put("empty-file", file(0644, new byte[0]));
        dir(data, "empty-dir", 01777);
        Node.RegularFile labelled = new Node.RegularFile(new Attributes(0640, 5, 6, 1234)
                .withXattr("user.one", "1".getBytes()).withXattr("user.big", "v".repeat(3000).getBytes())
                .withXattr("trusted.t", new byte[] {0, 1, 2, (byte) 255}).withXattr("security.selinux", "u:object_r:x:s0".getBytes()),
                new Node.Content.InMemory("labelled\n".getBytes()));
        data.put("labelled", labelled);
        Node.RegularFile shared = file(0644, mixed(BLOCK + 99, 3));
        root.put("link-a", shared);
        data.put("link-b", shared);
        data.put("ünïcode name", file(0644, "utf-8\n".getBytes(StandardCharsets.UTF_8)));

        Node.Directory dev = dir(root, "dev", 0755);
        Attributes devAttrs = new Attributes(0666, 0, 0, 1).withXattr("security.selinux", "u:object_r:null_device:s0".getBytes());
        dev.put("null", new Node.Device(devAttrs, false, 1, 3));
        dev.put("sda1", new Node.Device(attrs(0660, 0, 6, 2), true, 8, 1));
        dev.put("wide-minor", new Node.Device(attrs(0600, 0, 0, 3), false, 240, 74565));
        Node.Device linkedDevice = new Node.Device(attrs(0620, 0, 5, 4), false, 5, 0);
        dev.put("tty", linkedDevice);
        dev.put("tty-again", linkedDevice);
        Node.Symlink fd = new Node.Symlink(new Attributes(0777, 0, 0, 5).withXattr("security.selinux", "u:r:su:s0".getBytes()), "/proc/self/fd");
        dev.put("fd", fd);
        Node.Directory run = dir(root, "run", 0755);
        Node.Fifo fifo = new Node.Fifo(new Attributes(0620, 7, 8, 6).withXattr("security.selinux", "u:object_r:fifo:s0".getBytes()));
        run.put("fifo", fifo);
        run.put("fifo-link", fifo);
        run.put("plain-fifo", new Node.Fifo(attrs(0600, 0, 0, 7)));
        run.put("socket", new Node.Socket(new Attributes(0777, 0, 0, 8).withXattr("security.selinux", "u:object_r:sock:s0".getBytes())));
        run.put("plain-socket", new Node.Socket(attrs(0755, 0, 0, 9)));
        root.put("lib", new Node.Symlink(attrs(0777, 0, 0, 10), "usr/lib"));
        root.put("long-link", new Node.Symlink(attrs(0777, 0, 0, 11), "x/".repeat(500) + "end"));

        Node.Directory many = dir(root, "many", 0755);
        for (int i = 0; i < 700; i++) {
            String name = String.format("entry-%04d", i);
            if (i % 50 == 0) {
                dir(many, name, 0700).put("inner", file(0644, ("inner " + i).getBytes()));
            } else if (i % 7 == 0) {
                many.put(name, new Node.Symlink(attrs(0777, 0, 0, i), "entry-0001"));
            } else {
                many.put(name, file(0644, ("content of " + name + "\n").repeat(i % 13).getBytes()));
            }
        }
        // 33000 inodes between "0-first" and "huge" itself: the inode number difference overflows 16 bits,
        // and the listing is larger than 64 KiB (an extended directory inode).
        Node.Directory wide = dir(root, "wide", 0755);
        wide.put("0-first", file(0644, new byte[0]));
        Node.Directory huge = dir(wide, "huge", 0755);
        for (int i = 0; i < 33000; i++) {
            huge.put("f" + i, file(0644, new byte[0]));
        }
        Node.Directory deep = root;
        for (int i = 0; i < 60; i++) {
            deep = dir(deep, "d" + i, 0755);
        }
        deep.put("bottom", file(0644, "deep\n".getBytes()));
        return root;
    }

    private static void walk(Node.Directory dir, String path, Map<String, Node> out) {
        for (Map.Entry<String, Node> e : dir.entries().entrySet()) {
            String p = path.isEmpty() ? e.getKey() : path + "/" + e.getKey();
            out.put(p, e.getValue());
            if (e.getValue() instanceof Node.Directory d) {
                walk(d, p, out);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "zstd", "xz", "none"})
    void kernelAndSquashfsToolsReadBackEveryEntry(String compression) throws Exception {
        Node.Directory root = everyKind();
        Path image = tmp.resolve("image.sqfs");
        SquashfsWriter.Summary summary = SquashfsWriter.write(root, image,
                new SquashfsWriter.Options(compressor(compression), BLOCK, 1_700_000_000L, 2));
        assertEquals(0, Files.size(image) % 4096, "padded to 4 KiB");

        String stat = MountedImage.run("unsquashfs", "-stat", image.toString());
        assertTrue(stat.contains("Compression " + (compression.equals("none") ? "gzip" : compression) + "\n"), stat);
        assertTrue(stat.contains("Block size " + BLOCK + "\n"), stat);
        assertTrue(stat.contains("Number of inodes " + summary.inodes() + "\n"), stat);
        assertTrue(stat.contains("Number of fragments " + summary.fragments() + "\n"), stat);
        assertTrue(stat.contains("Filesystem size " + summary.bytesUsed() + " bytes"), stat);
        assertTrue(stat.contains(compression.equals("none") ? "Data is uncompressed" : "Data is compressed"), stat);

        Map<String, Node> entries = new LinkedHashMap<>();
        walk(root, "", entries);
        assertEquals(IdentityHashMap_count(entries) + 1, summary.inodes(), "one inode per distinct node, plus the root");
        checkListing(MountedImage.run("unsquashfs", "-lln", "-d", "", image.toString()), root, entries);
        checkExtraction(image, entries);

        try (MountedImage m = MountedImage.mount(image, tmp.resolve("mnt"))) {
            checkMounted(m, root, entries);
        }
    }

    private static int IdentityHashMap_count(Map<String, Node> entries) {
        IdentityHashMap<Node, Boolean> distinct = new IdentityHashMap<>();
        entries.values().forEach(n -> distinct.put(n, true));
        return distinct.size();
    }

    /** {@code unsquashfs -lln}: type, permissions, owner, file sizes and link targets of every entry. */
    private static void checkListing(String listing, Node.Directory root, Map<String, Node> entries) {
        Map<String, String> lines = new HashMap<>();
        java.util.regex.Pattern format = java.util.regex.Pattern.compile("^(\\S+) (\\d+)/(\\d+) +(.*?) \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d (.*)$");
        for (String line : listing.lines().toList()) {
            java.util.regex.Matcher f = format.matcher(line);
            assertTrue(f.matches(), line);
            String path = f.group(5);
            int arrow = path.indexOf(" -> ");
            lines.put(arrow >= 0 ? path.substring(0, arrow) : path, line);
        }
        assertEquals(entries.size() + 1, lines.size(), "every entry listed once, plus the root");
        assertTrue(lines.get("").startsWith(perms(root) + " 0/0 "), lines.get(""));
        for (Map.Entry<String, Node> e : entries.entrySet()) {
            Node n = e.getValue();
            String line = lines.get("/" + e.getKey());
            Attributes a = n.attributes();
            assertTrue(line != null && line.startsWith(perms(n) + " " + a.uid() + "/" + a.gid() + " "), e.getKey() + ": " + line);
            switch (n) {
                case Node.RegularFile f -> assertEquals(Long.toString(f.content().size()), line.split(" +")[2], line);
                case Node.Symlink s -> assertTrue(line.endsWith(" -> " + s.target()), line);
                default -> {
                }
            }
        }
    }

    private static String perms(Node n) {
        char type = switch (n) {
            case Node.Directory d -> 'd';
            case Node.RegularFile f -> '-';
            case Node.Symlink s -> 'l';
            case Node.Device d -> d.block() ? 'b' : 'c';
            case Node.Fifo f -> 'p';
            case Node.Socket s -> 's';
        };
        int m = n.attributes().permissions();
        StringBuilder b = new StringBuilder().append(type);
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            b.append((m & (0400 >> i)) != 0 ? rwx.charAt(i) : '-');
        }
        special(b, 3, (m & 04000) != 0, 's');
        special(b, 6, (m & 02000) != 0, 's');
        special(b, 9, (m & 01000) != 0, 't');
        return b.toString();
    }

    private static void special(StringBuilder b, int at, boolean set, char c) {
        if (set) {
            b.setCharAt(at, b.charAt(at) == 'x' ? c : Character.toUpperCase(c));
        }
    }

    /** unsquashfs extracts every regular file with its content (data blocks, sparse blocks, fragments). */
    private void checkExtraction(Path image, Map<String, Node> entries) throws Exception {
        Path out = tmp.resolve("extracted");
        MountedImage.run("unsquashfs", "-no-xattrs", "-d", out.toString(), image.toString());
        for (Map.Entry<String, Node> e : entries.entrySet()) {
            if (e.getValue() instanceof Node.RegularFile f) {
                assertArrayEquals(((Node.Content.InMemory) f.content()).bytes(), Files.readAllBytes(out.resolve(e.getKey())), e.getKey());
            }
        }
    }

    private static void checkMounted(MountedImage m, Node.Directory root, Map<String, Node> entries) throws Exception {
        Map<String, Object> rootStat = Files.readAttributes(m.dir(), "unix:*");
        assertEquals(0755, (int) rootStat.get("mode") & 07777);
        Map<String, Map<String, String>> xattrs = m.xattrs();
        assertEquals(Map.of("user.root", "yes"), xattrs.get("."));
        IdentityHashMap<Node, Integer> linkCount = new IdentityHashMap<>();
        entries.values().forEach(n -> linkCount.merge(n, 1, Integer::sum));
        IdentityHashMap<Node, Long> inodeOf = new IdentityHashMap<>();
        Map<Long, Node> nodeOf = new HashMap<>();
        for (Map.Entry<String, Node> e : entries.entrySet()) {
            Path p = m.dir().resolve(e.getKey());
            Node n = e.getValue();
            Attributes a = n.attributes();
            Map<String, Object> st = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
            String what = e.getKey();
            int mode = (int) st.get("mode");
            assertEquals(a.permissions(), mode & 07777, what + " permissions");
            assertEquals(a.uid(), (int) st.get("uid"), what + " uid");
            assertEquals(a.gid(), (int) st.get("gid"), what + " gid");
            assertEquals(FileTime.from(a.mtime(), java.util.concurrent.TimeUnit.SECONDS), st.get("lastModifiedTime"), what + " mtime");
            long ino = (long) st.get("ino");
            Long known = inodeOf.putIfAbsent(n, ino);
            assertEquals(known == null ? ino : known, ino, what + ": hard links share one inode");
            Node other = nodeOf.putIfAbsent(ino, n);
            assertTrue(other == null || other == n, what + ": distinct nodes have distinct inodes");
            Map<String, String> expectedXattrs = new TreeMap<>();
            a.xattrs().forEach((k, v) -> expectedXattrs.put(k, new String(v, StandardCharsets.UTF_8)));
            assertEquals(expectedXattrs, xattrs.getOrDefault(what, Map.of()), what + " xattrs");
            switch (n) {
                case Node.Directory d -> {
                    assertEquals(0040000, mode & 0170000, what);
                    long subdirs = d.entries().values().stream().filter(c -> c instanceof Node.Directory).count();
                    assertEquals(2 + subdirs, (int) st.get("nlink"), what + " nlink");
                    try (var list = Files.list(p)) {
                        assertEquals(d.entries().size(), list.count(), what + " entries");
                    }
                }
                case Node.RegularFile f -> {
                    assertEquals(0100000, mode & 0170000, what);
                    assertArrayEquals(((Node.Content.InMemory) f.content()).bytes(), Files.readAllBytes(p), what + " content");
                    assertEquals((int) linkCount.get(n), (int) st.get("nlink"), what + " nlink");
                }
                case Node.Symlink s -> {
                    assertEquals(0120000, mode & 0170000, what);
                    assertEquals(s.target(), Files.readSymbolicLink(p).toString(), what + " target");
                }
                case Node.Device d -> {
                    assertEquals(d.block() ? 0060000 : 0020000, mode & 0170000, what);
                    long rdev = (long) st.get("rdev");
                    assertEquals(d.major(), (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL)), what + " major");
                    assertEquals(d.minor(), (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL)), what + " minor");
                    assertEquals((int) linkCount.get(n), (int) st.get("nlink"), what + " nlink");
                }
                case Node.Fifo f -> {
                    assertEquals(0010000, mode & 0170000, what);
                    assertEquals((int) linkCount.get(n), (int) st.get("nlink"), what + " nlink");
                }
                case Node.Socket s -> assertEquals(0140000, mode & 0170000, what);
            }
        }
    }

    @Test
    void theSameTreeGivesTheSameBytesWhateverTheThreads() throws Exception {
        for (String compression : List.of("gzip", "zstd", "xz", "none")) {
            Path one = tmp.resolve(compression + "-1.sqfs");
            Path four = tmp.resolve(compression + "-4.sqfs");
            SquashfsWriter.write(everyKind(), one, new SquashfsWriter.Options(compressor(compression), BLOCK, 0, 1));
            SquashfsWriter.write(everyKind(), four, new SquashfsWriter.Options(compressor(compression), BLOCK, 0, 4));
            assertEquals(-1L, Files.mismatch(one, four), compression + ": byte-identical images");
        }
    }

    /** A tree on disk: types, device numbers, modes, owners, times and hard links come from the files themselves. */
    @Test
    void scannedTreeKeepsWhatIsOnDisk() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("sub"));
        Files.write(src.resolve("big"), mixed(2 * BLOCK + 5, 4));
        Files.writeString(src.resolve("small"), "small\n");
        Files.createLink(src.resolve("small-link"), src.resolve("small"));
        Files.createSymbolicLink(src.resolve("sym"), Path.of("../nowhere"));
        MountedImage.run("mknod", "-m", "640", src.resolve("blk").toString(), "b", "7", "200").strip();
        MountedImage.run("mknod", "-m", "666", src.resolve("chr").toString(), "c", "1", "3");
        MountedImage.run("mkfifo", "-m", "600", src.resolve("fifo").toString());
        MountedImage.run("chown", "123:456", src.resolve("small").toString());
        MountedImage.run("chmod", "2751", src.toString());
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(src.resolve("socket")));
        }
        Files.setLastModifiedTime(src.resolve("big"), FileTime.fromMillis(1_234_567_000L));

        Node.Directory tree = new DirectoryScanner(OptionalInt.empty(), OptionalInt.empty(), OptionalLong.empty()).scan(src);
        Path image = tmp.resolve("scanned.sqfs");
        SquashfsWriter.write(tree, image, new SquashfsWriter.Options(new Compressor.Gzip(), BLOCK, 0, 2));
        try (MountedImage m = MountedImage.mount(image, tmp.resolve("mnt"))) {
            List<String> names = new ArrayList<>(List.of(".", "big", "small", "small-link", "sym", "blk", "chr", "fifo", "socket", "sub"));
            for (String name : names) {
                Map<String, Object> want = Files.readAttributes(src.resolve(name), "unix:*", LinkOption.NOFOLLOW_LINKS);
                Map<String, Object> got = Files.readAttributes(m.dir().resolve(name), "unix:*", LinkOption.NOFOLLOW_LINKS);
                for (String key : List.of("mode", "uid", "gid", "rdev", "nlink")) {
                    if (!(key.equals("nlink") && name.equals(".") || key.equals("nlink") && name.equals("sub"))) {
                        assertEquals(want.get(key), got.get(key), name + " " + key);
                    }
                }
                assertEquals(((FileTime) want.get("lastModifiedTime")).toMillis() / 1000,
                        ((FileTime) got.get("lastModifiedTime")).toMillis() / 1000, name + " mtime");
            }
            assertEquals(Files.readAttributes(m.dir().resolve("small"), "unix:ino"), Files.readAttributes(m.dir().resolve("small-link"), "unix:ino"));
            assertNotEquals(Files.getAttribute(m.dir().resolve("small"), "unix:ino"), Files.getAttribute(m.dir().resolve("big"), "unix:ino"));
            assertArrayEquals(Files.readAllBytes(src.resolve("big")), Files.readAllBytes(m.dir().resolve("big")));
            assertEquals("../nowhere", Files.readSymbolicLink(m.dir().resolve("sym")).toString());
        }
    }

    /** Equal contents share their blocks and fragment, yet stay distinct files. */
    @Test
    void equalFilesAreStoredOnce() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("dups"));
        byte[] big = mixed(3 * BLOCK + 77, 9);
        for (String name : List.of("a", "b", "c")) {
            Files.write(src.resolve(name), big);
            Files.writeString(src.resolve(name + ".txt"), "the same small text\n");
        }
        Files.write(src.resolve("other"), mixed(3 * BLOCK + 77, 10));
        Node.Directory tree = new DirectoryScanner(OptionalInt.empty(), OptionalInt.empty(), OptionalLong.empty()).scan(src);
        Path image = tmp.resolve("dups.sqfs");
        SquashfsWriter.Summary summary = SquashfsWriter.write(tree, image,
                new SquashfsWriter.Options(new Compressor.Stored(), BLOCK, 0, 2));
        // uncompressed: two distinct big contents, not four; one copy of the small text
        assertTrue(summary.bytesUsed() < 2L * big.length + 64 * 1024, "image of " + summary.bytesUsed() + " bytes");
        assertEquals(1, summary.fragments(), "two distinct tails and one small text share one fragment block");
        try (MountedImage m = MountedImage.mount(image, tmp.resolve("mnt"))) {
            for (String name : List.of("a", "b", "c")) {
                assertArrayEquals(big, Files.readAllBytes(m.dir().resolve(name)), name);
                assertEquals("the same small text\n", Files.readString(m.dir().resolve(name + ".txt")));
            }
            assertArrayEquals(Files.readAllBytes(src.resolve("other")), Files.readAllBytes(m.dir().resolve("other")));
            assertNotEquals(Files.getAttribute(m.dir().resolve("a"), "unix:ino"), Files.getAttribute(m.dir().resolve("b"), "unix:ino"));
        }
        String check = MountedImage.run("unsquashfs", "-n", "-d", tmp.resolve("out").toString(), image.toString());
        assertArrayEquals(big, Files.readAllBytes(tmp.resolve("out/c")), check);
    }

    @Test
    void emptyRootDirectory() throws Exception {
        Path image = tmp.resolve("empty.sqfs");
        SquashfsWriter.write(Node.Directory.empty(new Attributes(0700, 1, 2, 3)), image,
                new SquashfsWriter.Options(new Compressor.Gzip(), BLOCK, 0, 1));
        String listing = MountedImage.run("unsquashfs", "-lln", "-d", "", image.toString());
        assertTrue(listing.startsWith("drwx------ 1/2 "), listing);
        assertEquals(1, listing.lines().count(), listing);
        try (MountedImage m = MountedImage.mount(image, tmp.resolve("mnt"))) {
            try (var list = Files.list(m.dir())) {
                assertEquals(0, list.count());
            }
            assertEquals(0700, (int) Files.getAttribute(m.dir(), "unix:mode") & 07777);
        }
    }
}
