package io.northstar.sextant.squashfs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One entry of the tree to write. A node object that appears under several
 * names is one inode with several hard links; directories cannot be linked.
 */
public sealed interface Node permits Node.Directory, Node.RegularFile, Node.Symlink, Node.Device, Node.Fifo, Node.Socket {
    Attributes attributes();

    /** The order of squashfs directory entries: names as unsigned UTF-8 bytes, as strcmp sorts them. */
    Comparator<String> NAME_ORDER = Comparator.comparing((String s) -> s.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);

    /** A directory; its entries are sorted by {@link #NAME_ORDER}. */
    record Directory(Attributes attributes, NavigableMap<String, Node> entries) implements Node {
        public static Directory empty(Attributes attributes) {
            return new Directory(attributes, new TreeMap<>(NAME_ORDER));
        }

        /** Adds or replaces the entry {@code name}; names are single path components. */
        public void put(String name, Node node) {
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0
                    || name.getBytes(StandardCharsets.UTF_8).length > 256) {
                throw new IllegalArgumentException("invalid directory entry name \"" + name + "\"");
            }
            entries.put(name, node);
        }
    }

    /** A regular file with its content. */
    record RegularFile(Attributes attributes, Content content) implements Node {
    }

    /** A symbolic link; the target is stored as given. */
    record Symlink(Attributes attributes, String target) implements Node {
    }

    /** A block or character device. */
    record Device(Attributes attributes, boolean block, int major, int minor) implements Node {
        public Device {
            // The 32-bit squashfs rdev holds 12 bits of major and 20 of minor (the kernel's new_encode_dev).
            if (major < 0 || major > 0xfff || minor < 0 || minor > 0xfffff) {
                throw new IllegalArgumentException("device number " + major + ":" + minor + " does not fit squashfs (major < 4096, minor < 1048576)");
            }
        }
    }

    /** A named pipe. */
    record Fifo(Attributes attributes) implements Node {
    }

    /** A unix domain socket node. */
    record Socket(Attributes attributes) implements Node {
    }

    /** Where a regular file's bytes come from. */
    sealed interface Content permits Content.OnDisk, Content.InMemory {
        long size();

        /** A file read when the image is written; it must still have {@code size} bytes then. */
        record OnDisk(Path path, long size) implements Content {
        }

        record InMemory(byte[] bytes) implements Content {
            public InMemory {
                bytes = bytes.clone();
            }

            @Override
            public byte[] bytes() {
                return bytes.clone();
            }

            @Override
            public long size() {
                return bytes.length;
            }
        }
    }
}
