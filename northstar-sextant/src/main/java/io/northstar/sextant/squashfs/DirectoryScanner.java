package io.northstar.sextant.squashfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads a directory tree from disk into {@link Node}s, without following
 * symbolic links: file types, permission bits, device numbers and hard links
 * (files that share an inode on disk share one in the image). Extended
 * attributes on disk are not read.
 *
 * @param uid   owner for every entry, or the owner on disk
 * @param gid   group for every entry, or the group on disk
 * @param mtime modification time for every entry (reproducible images), or the time on disk
 */
public record DirectoryScanner(OptionalInt uid, OptionalInt gid, OptionalLong mtime) {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;

    private record InodeKey(long dev, long ino) {
    }

    public Node.Directory scan(Path root) throws IOException {
        Map<String, Object> a = stat(root);
        if (((int) a.get("mode") & S_IFMT) != S_IFDIR) {
            throw new IOException(root + " is not a directory");
        }
        Node.Directory dir = Node.Directory.empty(attributes(root, a));
        fill(dir, root, new HashMap<>());
        return dir;
    }

    private void fill(Node.Directory dir, Path path, Map<InodeKey, Node> hardLinks) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
            stream.forEach(children::add);
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 256) {
                throw new IOException(child + ": name longer than the 256 bytes squashfs stores");
            }
            Map<String, Object> a = stat(child);
            int mode = (int) a.get("mode");
            int type = mode & S_IFMT;
            if (type == S_IFDIR) {
                Node.Directory sub = Node.Directory.empty(attributes(child, a));
                dir.put(name, sub);
                fill(sub, child, hardLinks);
                continue;
            }
            InodeKey key = new InodeKey((long) a.get("dev"), (long) a.get("ino"));
            Node known = (int) a.get("nlink") > 1 ? hardLinks.get(key) : null;
            if (known != null) {
                dir.put(name, known);
                continue;
            }
            Attributes attrs = attributes(child, a);
            Node node = switch (type) {
                case S_IFREG -> new Node.RegularFile(attrs, new Node.Content.OnDisk(child, (long) a.get("size")));
                case S_IFLNK -> new Node.Symlink(attrs, Files.readSymbolicLink(child).toString());
                case S_IFBLK, S_IFCHR -> {
                    long rdev = (long) a.get("rdev");
                    // glibc's dev_t layout: major in bits 8-19 and 32-43, minor in bits 0-7 and 20-31.
                    int major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
                    int minor = (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
                    try {
                        yield new Node.Device(attrs, type == S_IFBLK, major, minor);
                    } catch (IllegalArgumentException e) {
                        throw new IOException(child + ": " + e.getMessage(), e);
                    }
                }
                case S_IFIFO -> new Node.Fifo(attrs);
                case S_IFSOCK -> new Node.Socket(attrs);
                default -> throw new IOException(child + ": unknown file type " + Integer.toOctalString(type));
            };
            if ((int) a.get("nlink") > 1) {
                hardLinks.put(key, node);
            }
            dir.put(name, node);
        }
    }

    /**
     * The unix attributes of {@code path} (not following links). Where the
     * file system has none (Windows), directories and executable files get
     * 0755, other files 0644, and nothing is a hard link or device.
     */
    private static Map<String, Object> stat(Path path) throws IOException {
        if (path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
        }
        var basic = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int type = basic.isDirectory() ? S_IFDIR : basic.isSymbolicLink() ? S_IFLNK : S_IFREG;
        int permissions = basic.isDirectory() || Files.isExecutable(path) ? 0755 : 0644;
        return Map.of("mode", type | permissions, "uid", 0, "gid", 0, "size", basic.size(), "nlink", 1,
                "dev", 0L, "ino", 0L, "rdev", 0L, "lastModifiedTime", basic.lastModifiedTime());
    }

    private Attributes attributes(Path path, Map<String, Object> a) throws IOException {
        long time = mtime.isPresent() ? mtime.getAsLong() : ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
        try {
            return new Attributes((int) a.get("mode") & 07777, uid.orElse((int) a.get("uid")), gid.orElse((int) a.get("gid")), time);
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }
}
