package io.northstar.sextant;

import io.northstar.manifest.Manifest;
import io.northstar.sextant.squashfs.Attributes;
import io.northstar.sextant.squashfs.Compressor;
import io.northstar.sextant.squashfs.DirectoryScanner;
import io.northstar.sextant.squashfs.Node;
import io.northstar.sextant.squashfs.SquashfsWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Builds a container's squashfs image in Java: the root directory with every
 * entry owned by the manifest's uid/gid, plus the mount points, {@code /dev}
 * nodes and their SELinux labels of the pseudo definitions, applied as
 * mksquashfs 4.6 applies them. Needs no squashfs-tools.
 */
final class JavaSquashfs {
    /**
     * How entries are timed: every entry (and the superblock) at {@code time},
     * or files and directories from the root at their own modification time.
     */
    record Times(long time, boolean keepFileTimes) {
    }

    private JavaSquashfs() {
    }

    /** The Java writer's compressor for {@code compression}, or empty if only mksquashfs has it (lzo). */
    static java.util.Optional<Compressor> compressor(Compression compression, int blockSize) {
        return switch (compression) {
            case NONE -> java.util.Optional.of(new Compressor.Stored());
            case GZIP -> java.util.Optional.of(new Compressor.Gzip());
            case ZSTD -> java.util.Optional.of(new Compressor.Zstd());
            case XZ -> java.util.Optional.of(new Compressor.Xz(blockSize));
            case LZO -> java.util.Optional.empty();
        };
    }

    static SquashfsWriter.Summary build(Path root, Path image, Manifest manifest, Compressor compressor, int blockSize, Times times)
            throws SextantException, IOException {
        DirectoryScanner scanner = new DirectoryScanner(OptionalInt.of(manifest.uid()), OptionalInt.of(manifest.gid()),
                times.keepFileTimes() ? OptionalLong.empty() : OptionalLong.of(times.time()));
        Node.Directory tree;
        try {
            tree = scanner.scan(root);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new SextantException("reading " + root + ": permission denied: " + e.getFile(), e);
        } catch (IllegalArgumentException e) {
            throw new SextantException("reading " + root + ": " + e.getMessage(), e);
        }
        for (PseudoDefinitions.Line line : PseudoDefinitions.of(manifest)) {
            apply(tree, line, times.time());
        }
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        try {
            return SquashfsWriter.write(tree, image, new SquashfsWriter.Options(compressor, blockSize, times.time(), threads));
        } catch (IllegalArgumentException e) {
            throw new SextantException("writing the squashfs image of " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds what {@code line} defines, as mksquashfs does: a definition whose
     * parent directory does not exist is dropped, and an entry that exists
     * already in the root directory is kept as it is (only xattrs are added
     * to it).
     */
    static void apply(Node.Directory tree, PseudoDefinitions.Line line, long time) {
        String[] parts = line.path().replaceAll("^/+", "").split("/+");
        Node.Directory parent = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            if (!(parent.entries().get(parts[i]) instanceof Node.Directory d)) {
                return;
            }
            parent = d;
        }
        String name = parts[parts.length - 1];
        Node existing = parent.entries().get(name);
        switch (line) {
            case PseudoDefinitions.Dir d -> {
                if (existing == null) {
                    parent.put(name, Node.Directory.empty(new Attributes(d.mode(), d.uid(), d.gid(), time)));
                }
            }
            case PseudoDefinitions.CharDevice c -> {
                if (existing == null) {
                    parent.put(name, new Node.Device(new Attributes(c.mode(), c.uid(), c.gid(), time), false, c.major(), c.minor()));
                }
            }
            case PseudoDefinitions.Symlink s -> {
                if (existing == null) {
                    parent.put(name, new Node.Symlink(new Attributes(s.mode(), s.uid(), s.gid(), time), s.target()));
                }
            }
            case PseudoDefinitions.Xattr x -> {
                // Labels go to the nodes the definitions created; should one land on a file of the root that has
                // other hard links, this name gets an inode of its own (with the label), the others keep theirs.
                if (existing != null) {
                    parent.put(name, withAttributes(existing, existing.attributes().withXattr(x.name(),
                            x.value().getBytes(StandardCharsets.UTF_8))));
                }
            }
        }
    }

    private static Node withAttributes(Node node, Attributes a) {
        return switch (node) {
            case Node.Directory d -> new Node.Directory(a, d.entries());
            case Node.RegularFile f -> new Node.RegularFile(a, f.content());
            case Node.Symlink s -> new Node.Symlink(a, s.target());
            case Node.Device d -> new Node.Device(a, d.block(), d.major(), d.minor());
            case Node.Fifo f -> new Node.Fifo(a);
            case Node.Socket s -> new Node.Socket(a);
        };
    }
}
